package dev.platformauth.rest.magiclink;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.magiclink.MagicLinkSettings;
import dev.platformauth.common.magiclink.MagicLinks;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.rest.authservice.AuthServiceApi;
import dev.platformauth.rest.http.JsonRequest;
import dev.platformauth.rest.http.PkceChallenge;
import dev.platformauth.rest.sso.BrokerAuthorizationUrl;
import dev.platformauth.rest.sso.LoginFeatureFlags;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.io.InputStream;
import java.util.Map;

/**
 * The auth-service API's magic-link endpoints. Each answers 404 {@code not_found} unless the realm offers
 * magic links by the very rule of the {@code magic_link} feature flag. Requests answer 202 whatever the
 * address, or 429 when a send limit refuses (the same for every address); redemptions give both tokens
 * and a LOGIN event with {@code login_method} {@code magic-link}, or a LOGIN_ERROR.
 */
public final class MagicLinkEndpoints {

    static final String METHOD_MAGIC_LINK = PlatformAuth.METHOD_MAGIC_LINK;

    private final KeycloakSession session;
    private final RealmModel realm;

    public MagicLinkEndpoints(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    /**
     * POST login/magic-link {@code {email, redirect_uri?, code_challenge?, code_challenge_method?}}: 202;
     * mails {@code redirect_uri?token=…}.
     */
    public Response requestMagicLink(InputStream body) {
        ClientModel client = AuthServiceApi.offeredClient(realm, LoginFeatureFlags::magicLinkOffered, "Magic links");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String email = request.requiredEmail("email");
        String requested = request.optionalString("redirect_uri", BrokerAuthorizationUrl.MAX_REDIRECT_URI_LENGTH).orElse(null);
        String target = MagicLinkRedirect.resolve(client, requested);
        String challenge = PkceChallenge.read(request, ConfigValues.isTrue(client.getAttribute(MagicLinkSettings.REQUIRE_PKCE)));
        MagicLinkSettings settings = MagicLinkSettings.from(client.getAttributes());
        if (MagicLinks.requestInBackground(session, realm, client, email, settings, MagicLinks.Origin.API, target,
                MagicLinks.TOKEN_PARAM, challenge == null ? null : Map.of(MagicLinks.NOTE_CHALLENGE, challenge))
                instanceof SendLimits.Refused refused) {
            return refused.response();
        }
        return AuthServiceApi.accepted("If the address belongs to an account, a sign-in link has been sent to it.",
                settings.lifetimeSeconds());
    }

    /** POST login/magic-link/validate {@code {token, code_verifier?}}: both tokens. */
    public Response validateMagicLink(InputStream body) {
        ClientModel client = AuthServiceApi.offeredClient(realm, LoginFeatureFlags::magicLinkOffered, "Magic links");
        JsonRequest request = JsonRequest.read(session.getContext().getRequestHeaders(), body);
        String token = request.requiredString("token", MagicLinks.MAX_TOKEN_LENGTH);
        String verifier = PkceChallenge.verifier(request);
        EventBuilder event = AuthServiceApi.loginEvent(session, client, METHOD_MAGIC_LINK);
        MagicLinks.Redemption redemption = MagicLinks.redeem(session, realm, token, MagicLinks.Origin.API, verifier);
        if (redemption instanceof MagicLinks.Refused refused) {
            event.error(refused.eventError());
            return JsonErrors.response(Response.Status.BAD_REQUEST, JsonErrors.INVALID_GRANT, refused.description());
        }
        return AuthServiceApi.emailSignIn(session, client, ((MagicLinks.Redeemed) redemption).user(), METHOD_MAGIC_LINK, event);
    }
}
