package dev.platformauth.rest.shortsession;

import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;

/**
 * Keycloak's token exchange (standard, and the legacy one where enabled) would give a client that
 * may exchange tokens new access tokens, and refresh tokens where the client allows them, from the
 * session a subject token belongs to. This provider comes before Keycloak's: it takes the exchanges
 * whose {@code subject_token} belongs to a login-as or entity-token session ({@link ShortSessions})
 * and refuses them (400 {@code invalid_request}, a TOKEN_EXCHANGE_ERROR event {@code not_allowed}
 * with the reason); every other exchange goes on to Keycloak's providers unchanged.
 */
final class ShortSessionExchangeRefusal implements TokenExchangeProvider {

    static final String ACTION = "exchange its tokens";

    private final KeycloakSession session;
    private ShortSessions.Found found;

    ShortSessionExchangeRefusal(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public boolean supports(TokenExchangeContext context) {
        found = ShortSessions.behind(session, context.getRealm(), ACTION, context.getFormParams().getFirst("subject_token"))
                .orElse(null);
        return found != null;
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        throw ShortSessions.refuse(found, context.getEvent(), context.getCors());
    }

    @Override
    public void close() {
    }
}
