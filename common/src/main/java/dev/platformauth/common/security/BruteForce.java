package dev.platformauth.common.security;

import dev.platformauth.common.compat.KeycloakLine;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.common.ClientConnection;
import org.keycloak.credential.CredentialModel;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.BruteForceProtector;

import java.lang.reflect.Method;
import java.util.Set;

/**
 * The one place our endpoints talk to Keycloak's brute-force detector. Keycloak 26.7.0 counts only
 * the categories {@code password}, {@code otp} and {@code recovery-authn-codes} (and a null set);
 * it records failures asynchronously in its own transaction. Keycloak 26.4 and 26.5 know no categories
 * and count every reported failure; both categories used here are counted on every line.
 */
public final class BruteForce {

    /** The category of a password check. */
    public static final Set<String> PASSWORD = Set.of(CredentialModel.PASSWORD);

    /**
     * The category of a one-time code (emailed OTPs): counted like a password failure and, in
     * addition, against the realm's "max secondary auth failures"; a success clears both counters.
     */
    public static final Set<String> OTP = Set.of(CredentialModel.OTP);

    /**
     * The detector's calls, looked up once: with categories (26.7) or, on older lines, without; the
     * lookup keeps this class linkable on every line.
     */
    private static final Report FAILURE = Report.of("failedLogin");
    private static final Report SUCCESS = Report.of("successfulLogin");

    private BruteForce() {
    }

    /** Whether the realm's detector has locked the account (temporarily or for good). */
    public static boolean isLockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isBruteForceProtected()) {
            return false;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        return protector.isTemporarilyDisabled(session, realm, user) || protector.isPermanentlyLockedOut(session, realm, user);
    }

    /** Reports a failed ({@code success} false) or successful check of the account's credential. */
    public static void record(KeycloakSession session, RealmModel realm, UserModel user, Set<String> categories, boolean success) {
        if (!realm.isBruteForceProtected()) {
            return;
        }
        BruteForceProtector protector = session.getProvider(BruteForceProtector.class);
        KeycloakContext context = session.getContext();
        (success ? SUCCESS : FAILURE).call(protector, realm, user, context.getConnection(), context.getUri(), categories);
    }

    private record Report(Method method, boolean categorised) {

        static Report of(String name) {
            Class<?>[] base = {RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class};
            Class<?>[] withCategories = {RealmModel.class, UserModel.class, ClientConnection.class, UriInfo.class, Set.class};
            return KeycloakLine.method(BruteForceProtector.class, name, withCategories)
                    .map(method -> new Report(method, true))
                    .orElseGet(() -> new Report(KeycloakLine.method(BruteForceProtector.class, name, base).orElseThrow(), false));
        }

        void call(BruteForceProtector protector, RealmModel realm, UserModel user, ClientConnection connection,
                  UriInfo uri, Set<String> categories) {
            if (categorised) {
                KeycloakLine.invoke(method, protector, realm, user, connection, uri, categories);
            } else {
                KeycloakLine.invoke(method, protector, realm, user, connection, uri);
            }
        }
    }
}
