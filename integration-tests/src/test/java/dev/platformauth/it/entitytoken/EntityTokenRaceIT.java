package dev.platformauth.it.entitytoken;

import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.RealmRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A grant racing the revocation of its entity token never outlives the revocation, in either order
 * of the two commits. The race is made certain, not hoped for: the test holds a table lock in
 * PostgreSQL that stops one request at a chosen point, runs the other one to its end, and then lets
 * the first one go. Runs only in the PostgreSQL failsafe execution (with the realm of the other entity-token ITs).
 */
class EntityTokenRaceIT extends EntityTokensFixture {

    private static final Duration BLOCKED = Duration.ofSeconds(30);

    EntityTokenRaceIT(KeycloakServer keycloak, MailServer mail) {
        super(keycloak, mail);
    }

    @Test
    @DisplayName("given a grant past its token check but before its session is stored when the token is revoked then the grant's access token is refused")
    void revokedWhileTheGrantStoresItsSession() throws Exception {
        String secret = usedToken();
        String manager = realm.accessToken("manager");
        HttpResult granted;
        try (Connection db = keycloak.openDatabase()) {
            // the grant stops where it writes its user session
            lock(db, "offline_user_session");
            CompletableFuture<HttpResult> grant = CompletableFuture.supplyAsync(() -> grant(secret));
            awaitWaitingOn("offline_user_session");
            HttpResult revoked = Http.delete(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(manager));
            assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
            db.commit();
            granted = grant.get(BLOCKED.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(granted.status()).as("the grant passed its check before the revocation: " + granted).isEqualTo(200);
        assertThat(userinfo(granted.json().get("access_token").asText()).status())
                .as("userinfo refuses the access token of a grant that finished after its token was revoked").isEqualTo(401);
    }

    @Test
    @DisplayName("given a revocation that has ended the grant sessions but not yet committed when a grant runs then the grant's access token is refused once the revocation commits")
    void grantedWhileTheRevocationCommits() throws Exception {
        // the revocation's admin event is the last row it writes, at its commit
        RealmRepresentation settings = realm.realm.resource().toRepresentation();
        settings.setAdminEventsEnabled(true);
        realm.realm.resource().update(settings);
        String secret = usedToken();
        String manager = realm.accessToken("manager");
        String accessToken;
        HttpResult revoked;
        try (Connection db = keycloak.openDatabase()) {
            lock(db, "admin_event_entity");
            CompletableFuture<HttpResult> revoke = CompletableFuture.supplyAsync(
                    () -> Http.delete(realm.tokenUrl(realm.acme, realm.alice), Http.bearer(manager)));
            awaitWaitingOn("admin_event_entity");
            HttpResult granted = grant(secret);
            assertThat(granted.status()).as("the revocation has not committed yet: " + granted).isEqualTo(200);
            accessToken = granted.json().get("access_token").asText();
            assertThat(userinfo(accessToken).status()).as("the grant's token works until the revocation commits").isEqualTo(200);
            db.commit();
            revoked = revoke.get(BLOCKED.toSeconds(), TimeUnit.SECONDS);
        }
        assertThat(revoked.status()).as(revoked.toString()).isEqualTo(200);
        assertThat(userinfo(accessToken).status())
                .as("userinfo refuses the access token of a grant made while the revocation was committing").isEqualTo(401);
    }

    /** A new token of alice in acme, used once (so that a grant within the minute writes nothing to its row); its secret. */
    private String usedToken() {
        HttpResult created = Http.postJson(realm.tokenUrl(realm.acme, realm.alice), "{\"flags\":[\"read\"]}",
                Http.bearer(realm.accessToken("manager")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String secret = created.json().get("authenticationToken").asText();
        assertThat(realm.active(secret)).isTrue();
        return secret;
    }

    /** The entity-token grant at the API client, with the openid scope (Keycloak's userinfo wants it). */
    private HttpResult grant(String secret) {
        return Http.postForm(realm.realm.tokenEndpoint(), Map.of("grant_type", EntityRealm.GRANT, "entity_token", secret,
                "client_id", EntityRealm.API_CLIENT, "client_secret", EntityRealm.API_SECRET, "scope", "openid"), Map.of());
    }

    private HttpResult userinfo(String accessToken) {
        return Http.get(realm.realm.url() + "/protocol/openid-connect/userinfo", Http.bearer(accessToken));
    }

    /** Holds a lock on {@code table} that lets Keycloak read it but stops every write, until {@code db} commits. */
    private static void lock(Connection db, String table) throws SQLException {
        db.setAutoCommit(false);
        try (Statement statement = db.createStatement()) {
            statement.execute("LOCK TABLE " + table + " IN SHARE MODE");
        }
    }

    /**
     * Waits until one of Keycloak's statements on {@code table} waits for the lock (asked on a connection of
     * its own: PostgreSQL shows a transaction the same activity snapshot throughout).
     */
    private void awaitWaitingOn(String table) throws SQLException {
        try (Connection monitor = keycloak.openDatabase()) {
            Polling.await(() -> waitingOn(monitor, table), count -> count > 0, BLOCKED, "a statement on " + table + " waiting for the lock");
        }
    }

    private static int waitingOn(Connection monitor, String table) {
        try (PreparedStatement query = monitor.prepareStatement("select count(*) from pg_stat_activity where wait_event_type = 'Lock'"
                + " and lower(query) like ?")) {
            query.setString(1, "%" + table + "%");
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
