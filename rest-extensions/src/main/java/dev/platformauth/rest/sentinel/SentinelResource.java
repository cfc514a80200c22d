package dev.platformauth.rest.sentinel;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.rest.recovery.PasswordResetPage;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** The root of {@code /realms/{realm}/sentinel}: the sentinel API lives under {@code api/v1.0/auth}. */
public final class SentinelResource {

    private final KeycloakSession session;

    SentinelResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("api/v1.0/auth")
    public SentinelAuthApi auth() {
        return new SentinelAuthApi(session);
    }

    /** The default landing page of password-reset links (HTML, login theme). */
    @Path(PasswordResetPage.PATH)
    public PasswordResetPage passwordResetPage() {
        return PasswordResetPage.of(session, PlatformAuth.SENTINEL_CLIENT_ID, SentinelResourceProviderFactory.PROVIDER_ID);
    }
}
