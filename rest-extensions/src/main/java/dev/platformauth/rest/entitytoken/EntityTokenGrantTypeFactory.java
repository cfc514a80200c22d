package dev.platformauth.rest.entitytoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/** Registers {@value #GRANT_TYPE} at the token endpoint (and in the discovery document). */
@AutoService(OAuth2GrantTypeFactory.class)
public final class EntityTokenGrantTypeFactory implements OAuth2GrantTypeFactory, StatelessProviderFactory<OAuth2GrantType> {

    public static final String GRANT_TYPE = "urn:platform-auth:grant-type:entity-token";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new EntityTokenGrantType();
    }

    @Override
    public String getShortcut() {
        return "pe";
    }

    @Override
    public String getId() {
        return GRANT_TYPE;
    }
}
