package dev.platformauth.mappers.platformtoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.token.AuthenticationMethods;
import dev.platformauth.common.user.OrganizationMemberships;
import org.jboss.logging.Logger;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperContainerModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.ProtocolMapper;
import org.keycloak.protocol.ProtocolMapperConfigException;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.crypto.Algorithm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a second JWT, the platform token, to every token response of the clients it is attached to
 * (directly or through a client scope): {@code platform_access_token} and {@code platform_expires_in}.
 * Signed with the realm's active key for the configured algorithm, verifiable with the realm JWKS.
 */
@AutoService(ProtocolMapper.class)
public final class PlatformTokenMapper extends AbstractOIDCProtocolMapper implements OIDCAccessTokenResponseMapper {

    public static final String PROVIDER_ID = "platform-token-mapper";
    public static final String RESPONSE_TOKEN = "platform_access_token";
    public static final String RESPONSE_EXPIRES_IN = "platform_expires_in";

    /** Keycloak 26.7.0's admin API needs a message key (a null key fails with a 500); ours falls back to the text. */
    private static final String INVALID_CONFIG_KEY = "platformAuthInvalidPlatformTokenConfig";

    private static final Logger LOG = Logger.getLogger(PlatformTokenMapper.class);

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(PlatformTokenConfig.AUDIENCE).label("Audience")
            .helpText("The 'aud' of the platform token; several audiences separated by commas. Default: platform-api.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PlatformTokenConfig.DEFAULT_AUDIENCE).add()
            .property().name(PlatformTokenConfig.LIFETIME).label("Lifetime (seconds)")
            .helpText("How long the platform token is valid. Default: 604800 (7 days).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PlatformTokenConfig.DEFAULT_LIFETIME)).add()
            .property().name(PlatformTokenConfig.ALGORITHM).label("Signature algorithm")
            .helpText("JWS algorithm of the platform token. Empty: the realm's default access-token algorithm. "
                    + "The realm needs an active key for it.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options("", Algorithm.RS256, Algorithm.RS384, Algorithm.RS512, Algorithm.PS256, Algorithm.PS384,
                    Algorithm.PS512, Algorithm.ES256, Algorithm.ES384, Algorithm.ES512, Algorithm.EdDSA,
                    Algorithm.HS256, Algorithm.HS384, Algorithm.HS512)
            .defaultValue("").add()
            .property().name(PlatformTokenConfig.ORGANIZATIONS).label("Add organizations")
            .helpText("Add the user's organization memberships as the 'organizations' claim (id and alias of each).")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(PlatformTokenConfig.TERMS_VERSION).label("Add accepted terms version")
            .helpText("Add the terms version the user accepted last as the 'terms_version' claim.")
            .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
            .property().name(PlatformTokenConfig.USER_ATTRIBUTES).label("User attributes")
            .helpText("User attributes copied into claims of the same name (registered claims cannot be overridden).")
            .type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .build();

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
        return "Platform token";
    }

    @Override
    public String getHelpText() {
        return "Adds a second JWT (platform_access_token, platform_expires_in) to every token response: "
                + "typ 'Platform', its own audience and lifetime, signed with the realm's keys.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    public void validateConfig(KeycloakSession session, RealmModel realm, ProtocolMapperContainerModel client,
                               ProtocolMapperModel mapperModel) throws ProtocolMapperConfigException {
        List<String> problems = PlatformTokenConfig.problems(mapperModel.getConfig());
        if (!problems.isEmpty()) {
            throw new ProtocolMapperConfigException(problems.get(0), INVALID_CONFIG_KEY);
        }
        String algorithm = PlatformTokenConfig.from(mapperModel.getConfig()).algorithm();
        if (algorithm != null && session.getProvider(SignatureProvider.class, algorithm) == null) {
            throw new ProtocolMapperConfigException("Unknown signature algorithm: " + algorithm, INVALID_CONFIG_KEY);
        }
    }

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel mapperModel,
                                                            KeycloakSession session, UserSessionModel userSession,
                                                            ClientSessionContext clientSessionCtx) {
        if (userSession == null || userSession.getUser() == null) {
            return response;
        }
        PlatformTokenConfig config = PlatformTokenConfig.from(mapperModel.getConfig());
        RealmModel realm = userSession.getRealm();
        ClientModel client = clientSessionCtx.getClientSession().getClient();
        UserModel user = userSession.getUser();

        PlatformTokenClaims.Input input = new PlatformTokenClaims.Input(
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                user.getId(),
                userSession.getId(),
                client.getClientId(),
                user.getEmail(),
                fullName(user),
                Time.currentTime(),
                KeycloakModelUtils.generateId(),
                config.organizations() ? OrganizationMemberships.of(session, realm, user) : List.of(),
                user.getFirstAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE),
                attributes(user, config.userAttributes()));
        JsonWebToken token = PlatformTokenClaims.build(config, input);
        AuthenticationMethods.addTo(token, userSession);

        String algorithm = config.algorithm() != null ? config.algorithm()
                : session.tokens().signatureAlgorithm(org.keycloak.TokenCategory.ACCESS);
        try {
            SignatureProvider provider = session.getProvider(SignatureProvider.class, algorithm);
            SignatureSignerContext signer = provider.signer();
            String jwt = new JWSBuilder().type("JWT").jsonContent(token).sign(signer);
            response.setOtherClaims(RESPONSE_TOKEN, jwt);
            response.setOtherClaims(RESPONSE_EXPIRES_IN, config.lifetimeSeconds());
        } catch (RuntimeException e) {
            // A realm without an active key for the algorithm: keep the login working, say why loudly.
            LOG.errorf("Platform token not issued in realm %s: no usable %s signing key (%s)",
                    realm.getName(), algorithm, e.getClass().getSimpleName());
        }
        return response;
    }

    static String fullName(UserModel user) {
        String first = user.getFirstName() == null ? "" : user.getFirstName().trim();
        String last = user.getLastName() == null ? "" : user.getLastName().trim();
        String name = (first + " " + last).trim();
        return name.isEmpty() ? null : name;
    }

    private static Map<String, Object> attributes(UserModel user, List<String> names) {
        Map<String, Object> claims = new LinkedHashMap<>();
        for (String name : names) {
            List<String> values = user.getAttributeStream(name).toList();
            if (values.size() == 1) {
                claims.put(name, values.get(0));
            } else if (!values.isEmpty()) {
                claims.put(name, values);
            }
        }
        return claims;
    }
}
