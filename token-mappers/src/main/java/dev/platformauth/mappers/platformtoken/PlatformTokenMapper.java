package dev.platformauth.mappers.platformtoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.metrics.FlowMetrics;
import dev.platformauth.common.security.PrivilegeBoundary;
import org.keycloak.models.ImpersonationSessionNote;
import dev.platformauth.common.account.OrganizationMemberships;
import dev.platformauth.common.token.AuthenticationMethods;
import org.jboss.logging.Logger;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
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
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenResponseMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.common.util.Time;
import org.keycloak.models.utils.KeycloakModelUtils;
import dev.platformauth.common.entitytoken.EntityGrantNotes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adds a second JWT, the platform token, to every token response of the clients it is attached to
 * (directly or through a client scope): {@code platform_access_token} and {@code platform_expires_in}.
 * Signed with the realm's active key for the configured asymmetric algorithm, verifiable with the
 * realm JWKS; never with an HMAC key ({@link PlatformTokenAlgorithm}). See {@code docs/platform-token.md}.
 */
@AutoService(ProtocolMapper.class)
public final class PlatformTokenMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCAccessTokenResponseMapper {

    public static final String PROVIDER_ID = "platform-auth-platform-token-mapper";
    public static final String RESPONSE_TOKEN = "platform_access_token";
    public static final String RESPONSE_EXPIRES_IN = "platform_expires_in";

    /** Keycloak 26.7.0's admin API needs a message key (a null key fails with a 500); ours falls back to the text. */
    private static final String INVALID_CONFIG_KEY = "platformAuthInvalidPlatformTokenConfig";

    private static final Logger LOG = Logger.getLogger(PlatformTokenMapper.class);

    private final PlatformTokenSettings settings = new PlatformTokenSettings();

    private static final List<ProviderConfigProperty> CONFIG = ProviderConfigurationBuilder.create()
            .property().name(PlatformTokenConfig.AUDIENCE).label("Audience")
            .helpText("The 'aud' of the platform token; several audiences separated by commas. Default: platform-api.")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(PlatformTokenConfig.DEFAULT_AUDIENCE).add()
            .property().name(PlatformTokenConfig.LIFETIME).label("Lifetime (seconds)")
            .helpText("How long the platform token is valid. Default: 604800 (7 days).")
            .type(ProviderConfigProperty.STRING_TYPE).defaultValue(String.valueOf(PlatformTokenConfig.DEFAULT_LIFETIME)).add()
            .property().name(PlatformTokenConfig.ALGORITHM).label("Signature algorithm")
            .helpText("JWS algorithm of the platform token, asymmetric only (its verifiers use the realm's public keys). "
                    + "Empty: the realm's default access-token algorithm, or RS256 when that is an HMAC one. "
                    + "The realm needs an active key for it.")
            .type(ProviderConfigProperty.LIST_TYPE)
            .options(options())
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
            throw new ProtocolMapperConfigException(String.join("; ", problems), INVALID_CONFIG_KEY);
        }
        String algorithm = PlatformTokenConfig.from(mapperModel.getConfig()).algorithm();
        if (algorithm != null && session.getProvider(SignatureProvider.class, algorithm) == null) {
            throw new ProtocolMapperConfigException("Unknown signature algorithm: " + algorithm, INVALID_CONFIG_KEY);
        }
    }

    /**
     * Starts the platform token as soon as Keycloak has built the access token, before Keycloak signs
     * it, when the server has a processor to spare: the platform token's signature then runs beside
     * Keycloak's ({@link EarlySigning}), and {@link #transformAccessTokenResponse} collects it. The
     * access token is left as it is. A signature that costs less than the hand-over between threads
     * ({@link RealmKeySigner#signsQuickly}) is made in the response instead.
     */
    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel mapperModel, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        if (mapperModel.getId() == null || userSession == null || userSession.getUser() == null || capped(userSession)
                || userSession.isOffline() || !answersWithTokens(session.getContext().getUri().getPath())) {
            // a capped token follows the access token's final lifetime, known only in the response; an
            // offline refresh answers with another client session context than the one the token was built in;
            // the admin console's example tokens have no token response to deliver the platform token to
            return token;
        }
        if (TokenBinding.mayBind(session, clientSessionCtx.getClientSession().getClient())) {
            return token; // a bound access token's cnf is settled later: the response signs the platform token with it
        }
        RealmModel realm = userSession.getRealm();
        if (RealmKeySigner.signsQuickly(session, realm, settings.algorithm(settings.config(mapperModel), mapperModel, session, realm))) {
            return token; // an EC or Ed25519 signature costs less than waking another thread: the response signs it
        }
        boolean spareProcessor = EarlySigning.LOAD.enter();
        session.enlistForClose(EarlySigning.LOAD::leave);
        if (!spareProcessor) {
            return token; // a busy server: the response signs it, without a hand-over between threads
        }
        Minting minting = prepare(mapperModel, session, userSession, clientSessionCtx, null);
        SignatureSignerContext signer;
        try {
            signer = minting.signer(session);
        } catch (RuntimeException e) {
            return token; // no usable key: the response mapper tries again and says why
        }
        PendingTokens.start(clientSessionCtx, mapperModel, userSession, minting, signer);
        return token;
    }

    @Override
    public AccessTokenResponse transformAccessTokenResponse(AccessTokenResponse response, ProtocolMapperModel mapperModel,
                                                            KeycloakSession session, UserSessionModel userSession,
                                                            ClientSessionContext clientSessionCtx) {
        if (userSession == null || userSession.getUser() == null) {
            return response;
        }
        PendingTokens.Pending pending = PendingTokens.take(clientSessionCtx, mapperModel, userSession);
        AccessToken.Confirmation binding;
        try {
            binding = TokenBinding.of(response, clientSessionCtx.getClientSession().getClient());
        } catch (RuntimeException e) {
            LOG.errorf("Platform token not issued in realm %s: the access token is bound, but its binding is unreadable",
                    userSession.getRealm().getName());
            return response;
        }
        if (binding != null) {
            pending = null; // signed without the binding: sign it again with it
        }
        Minting minting = pending != null ? pending.minting()
                : prepare(mapperModel, session, userSession, clientSessionCtx, response.getExpiresIn());
        if (binding != null) {
            minting.token().setOtherClaims(TokenBinding.CLAIM, binding);
        }
        RealmModel realm = minting.realm();
        String clientId = minting.token().getIssuedFor();
        try {
            Minting.Signed signed = pending != null ? pending.signing().result() : minting.sign(minting.signer(session));
            response.setOtherClaims(RESPONSE_TOKEN, signed.jwt());
            response.setOtherClaims(RESPONSE_EXPIRES_IN, minting.lifetime());
            FlowMetrics.issued(FlowMetrics.Flow.PLATFORM_TOKEN, realm.getName(), clientId);
            FlowMetrics.record(FlowMetrics.PLATFORM_TOKEN_MINT, FlowMetrics.Flow.PLATFORM_TOKEN, realm.getName(),
                    clientId, minting.preparedNanos() + signed.nanos());
        } catch (RuntimeException e) {
            // A realm without an active key for the algorithm: keep the login working, say why loudly.
            LOG.errorf("Platform token not issued in realm %s: no usable %s signing key, or signing failed (%s)",
                    realm.getName(), minting.algorithm(), e.getClass().getSimpleName());
        }
        return response;
    }

    /**
     * The claims of the platform token for this session; {@code accessExpiresIn}, the access token's
     * lifetime in seconds as the token response states it, caps the platform token's in a grant or a
     * login-as session (and is needed only there).
     */
    private Minting prepare(ProtocolMapperModel mapperModel, KeycloakSession session, UserSessionModel userSession,
                            ClientSessionContext clientSessionCtx, Long accessExpiresIn) {
        long started = System.nanoTime();
        PlatformTokenConfig config = settings.config(mapperModel);
        RealmModel realm = userSession.getRealm();
        ClientModel client = clientSessionCtx.getClientSession().getClient();
        UserModel user = userSession.getUser();
        boolean transientSession = userSession.getPersistenceState() == UserSessionModel.SessionPersistenceState.TRANSIENT;
        EntityGrantNotes.Grant grant = EntityGrantNotes.read(userSession).orElse(null);
        String impersonatorId = PrivilegeBoundary.isLoginAs(userSession)
                ? userSession.getNote(ImpersonationSessionNote.IMPERSONATOR_ID.toString()) : null;
        // the platform token of a grant or a login-as session lives no longer than its access token
        boolean capped = capped(userSession);
        if (capped && accessExpiresIn == null) {
            throw new IllegalStateException("a capped platform token needs the access token's lifetime");
        }
        long lifetime = PlatformTokenClaims.lifetime(config, capped ? accessExpiresIn : null);

        PlatformTokenClaims.Input input = new PlatformTokenClaims.Input(
                settings.issuer(session.getContext().getUri().getBaseUri(), realm.getName()),
                user.getId(),
                transientSession ? null : userSession.getId(),
                client.getClientId(),
                user.getEmail(),
                fullName(user),
                Time.currentTime(),
                lifetime,
                KeycloakModelUtils.generateId(),
                config.organizations() ? OrganizationMemberships.of(session, realm, user) : List.of(),
                user.getFirstAttribute(PlatformAuth.TERMS_VERSION_ATTRIBUTE),
                attributes(user, config.userAttributes()),
                grant,
                impersonatorId);
        JsonWebToken token = PlatformTokenClaims.build(config, input);
        AuthenticationMethods.addTo(token, userSession);
        String algorithm = settings.algorithm(config, mapperModel, session, realm);
        return new Minting(realm, token, lifetime, algorithm, System.nanoTime() - started);
    }

    /**
     * Whether a request to {@code path} (relative to the server's base) can end in a token response: the
     * admin API's requests never do, though its example-token endpoints run the mappers.
     */
    static boolean answersWithTokens(String path) {
        String relative = path == null ? "" : path.startsWith("/") ? path.substring(1) : path;
        return !(relative.equals("admin") || relative.startsWith("admin/"));
    }

    /**
     * Whether the platform token of this session lives no longer than its access token: an entity-token
     * grant's or a login-as session's. Their access token's lifetime is settled after the mappers ran.
     */
    private static boolean capped(UserSessionModel userSession) {
        return EntityGrantNotes.read(userSession).isPresent() || PrivilegeBoundary.isLoginAs(userSession);
    }

    private static String[] options() {
        List<String> options = new ArrayList<>();
        options.add("");
        options.addAll(PlatformTokenAlgorithm.ALLOWED);
        return options.toArray(String[]::new);
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
