package dev.platformauth.rest.authservice;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.rest.recovery.PasswordResetPage;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

import java.util.regex.Pattern;

/**
 * The root of {@code auth-service}: the same API under {@code api/v2} and the legacy {@code api}, whose
 * errors speak the FastAPI template's dialect (docs/account-api.md), and the built-in landing page of
 * the password-reset links it mails.
 */
public final class AuthServiceResource {

    private static final Pattern API_PATH = Pattern.compile("(.*/)?realms/[^/]+/" + AuthServiceResourceProviderFactory.PROVIDER_ID + "/api(/.*)?");

    private final KeycloakSession session;

    AuthServiceResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("api/v2")
    public AuthServiceApi v2() {
        return api();
    }

    @Path("api")
    public AuthServiceApi legacy() {
        return api();
    }

    /** The default landing page of the reset links {@code password-recovery} mails (HTML, login theme). */
    @Path(PasswordResetPage.PATH)
    public PasswordResetPage passwordResetPage() {
        return PasswordResetPage.of(session, PlatformAuth.AUTH_SERVICE_CLIENT_ID, AuthServiceResourceProviderFactory.PROVIDER_ID);
    }

    /**
     * Whether a request path is one of the API's: for answers built before a resource runs (Keycloak
     * decodes form bodies first), so that they speak the API's dialect too.
     */
    public static boolean isApiPath(String path) {
        return path != null && API_PATH.matcher(path).matches();
    }

    private AuthServiceApi api() {
        JsonErrors.useDialect(session, JsonErrors.Dialect.FASTAPI);
        return new AuthServiceApi(session);
    }
}
