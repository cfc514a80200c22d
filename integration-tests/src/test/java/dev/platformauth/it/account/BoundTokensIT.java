package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Jwt;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.RealmUsers;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens the REST routes must not take as plain bearer tokens: a DPoP-bound access token (its
 * {@code typ} is {@code DPoP}; the routes take no DPoP proof, so its thief could otherwise use it
 * without the key), and, at the sentinel {@code refreshToken}, any other client's token (a new token
 * from there would escape that client's settings). See docs/security.md, "Bound and foreign tokens".
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoundTokensIT {

    private static final String OTHER_CLIENT = "other-app";

    private TestRealm realm;
    private RealmUsers users;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail, "bound",
            rep -> rep.setEnabledEventTypes(List.of("LOGIN", "REFRESH_TOKEN", "REFRESH_TOKEN_ERROR"))));

    @BeforeAll
    void createRealm() {
        realm = REALM.get();
        users = new RealmUsers(realm);
        realm.createPasswordClient(OTHER_CLIENT);
    }

    @Test
    @DisplayName("given a DPoP-bound access token when it is sent as a bearer token to the account, sentinel and "
            + "entity routes then 401; the same user's unbound token works")
    void dpopBoundTokenRefused() throws Exception {
        Account user = users.create("dpop");
        HttpResult granted = dpopGrant(user);
        assertThat(granted.json().get("token_type").asText()).isEqualToIgnoringCase("DPoP");
        String bound = granted.json().get("access_token").asText();
        assertThat(Jwt.payload(bound).path("cnf").path("jkt").asText()).as("bound to the key").isNotBlank();

        String me = realm.url() + "/auth-service/api/v2/users/me";
        assertThat(Http.get(me, Http.bearer(bound)).status()).as("account API").isEqualTo(401);
        assertThat(Http.postJson(realm.url() + "/auth-service/api/v2/users/refresh-access-token", "", Http.bearer(bound)).status())
                .as("account API refresh").isEqualTo(401);
        assertThat(Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(bound)).status())
                .as("sentinel refreshToken").isEqualTo(401);
        HttpResult entity = Http.get(realm.url() + "/entities/any/users/" + user.id() + "/authentication-token", Http.bearer(bound));
        assertThat(entity.status()).as("entities API " + entity).isEqualTo(401);

        JsonNode unbound = users.passwordGrant(TestRealm.AUTH_CLIENT, user, null);
        assertThat(Http.get(me, Http.bearer(unbound.get("access_token").asText())).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("attack: the platform token of a DPoP-bound sign-in, stolen, creates an entity token: it carries the access "
            + "token's binding (cnf) and the entity-token API, which takes no proof, refuses it (401); an unbound one works")
    void platformTokenOfABoundSignIn() throws Exception {
        Account user = users.create("dpop-platform");
        HttpResult granted = dpopGrant(user);
        String accessBinding = Jwt.payload(granted.json().get("access_token").asText()).path("cnf").path("jkt").asText();
        assertThat(accessBinding).isNotBlank();
        String platform = granted.json().get("platform_access_token").asText();
        assertThat(Jwt.payload(platform).path("cnf").path("jkt").asText()).as("bound like its access token").isEqualTo(accessBinding);

        String ownToken = realm.url() + "/entities/any/users/" + user.id() + "/authentication-token";
        HttpResult refused = Http.get(ownToken, Http.bearer(platform));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().path("error_description").asText()).contains("bound to a key or certificate");

        String unbound = users.passwordGrant(TestRealm.AUTH_CLIENT, user, null).get("platform_access_token").asText();
        assertThat(Jwt.payload(unbound).has("cnf")).isFalse();
        HttpResult accepted = Http.get(ownToken, Http.bearer(unbound));
        assertThat(accepted.status()).as("past authentication (the entity is unknown): " + accepted).isEqualTo(404);
    }

    @Test
    @DisplayName("given another client's access token when it is sent to the sentinel refreshToken then 401 and a "
            + "REFRESH_TOKEN_ERROR event; the sentinel's own token refreshes")
    void sentinelRefreshesOnlyItsOwnTokens() {
        Account user = users.create("foreign");
        String foreign = users.passwordGrant(OTHER_CLIENT, user, null).get("access_token").asText();
        realm.clearEvents();
        HttpResult refused = Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(foreign));
        assertThat(refused.status()).as(refused.toString()).isEqualTo(401);
        assertThat(refused.json().get("error").asText()).isEqualTo("invalid_token");
        assertThat(realm.awaitEvents("REFRESH_TOKEN_ERROR", Duration.ofSeconds(10)))
                .anySatisfy(event -> assertThat(event.getUserId()).isEqualTo(user.id()));

        HttpResult refreshed = Http.get(realm.url() + SentinelRealm.API + "/refreshToken", Http.bearer(users.sentinelToken(user)));
        assertThat(refreshed.status()).as(refreshed.toString()).isEqualTo(200);
        assertThat(Jwt.payload(refreshed.json().get("token").asText()).get("azp").asText()).isEqualTo(SentinelRealm.CLIENT);
    }

    /** A password grant of {@code user} at auth-service with a DPoP proof of a new key: 200 asserted. */
    private HttpResult dpopGrant(Account user) throws Exception {
        ECKey key = new ECKeyGenerator(Curve.P_256).keyID(UUID.randomUUID().toString()).generate();
        HttpResult granted = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", TestRealm.AUTH_CLIENT, "username", user.username(), "password", user.password()),
                Map.of("DPoP", proof(key, "POST", realm.tokenEndpoint())));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        return granted;
    }

    /** A DPoP proof (RFC 9449) for {@code method} {@code url}, signed with {@code key}. */
    private static String proof(ECKey key, String method, String url) throws Exception {
        JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.ES256).type(new JOSEObjectType("dpop+jwt"))
                .jwk(key.toPublicJWK()).build();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().jwtID(UUID.randomUUID().toString())
                .claim("htm", method).claim("htu", url).issueTime(new Date()).build();
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(new ECDSASigner(key));
        return jwt.serialize();
    }
}
