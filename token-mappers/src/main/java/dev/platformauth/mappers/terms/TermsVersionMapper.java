package dev.platformauth.mappers.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;

/**
 * "Accepted terms version": the claim {@value #CLAIM} in access token, ID token, userinfo and
 * introspection (each switchable), from the user attribute {@value PlatformAuth#TERMS_VERSION_ATTRIBUTE}.
 * No claim while the user has accepted no version.
 */
@AutoService(ProtocolMapper.class)
public final class TermsVersionMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-terms-version-mapper";
    public static final String CLAIM = "terms_version";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, TermsVersionMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "Accepted terms version";
    }

    @Override
    public String getHelpText() {
        return "Adds the terms version the user accepted last (required action platform-auth-terms) as the '"
                + CLAIM + "' claim.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.copyOf(CONFIG);
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        String version = userSession.getUser().getFirstAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE);
        if (version != null && !version.isBlank()) {
            token.getOtherClaims().put(CLAIM, version);
        }
    }
}
