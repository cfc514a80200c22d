package dev.platformauth.it.terms;

import com.fasterxml.jackson.databind.JsonNode;
import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthorizationCodeFlow;
import dev.platformauth.it.support.BrowserSession;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/** The terms over the sentinel API and the admin log of acceptances. */
class TermsSentinelIT extends TermsFixture {

    @Nested
    @DisplayName("the sentinel endpoints")
    class SentinelEndpoints {

        @Test
        @DisplayName("acceptTermsAndConditions: the current version gives the log entry; wrong, missing or unauthenticated input is refused")
        void acceptTermsAndConditions() {
            Account account = Account.create(realm, "t", "example.test");
            String token = sentinelToken(realm, account);

            HttpResult noBearer = Http.postJson(realm.url() + TermsRealm.API + "/acceptTermsAndConditions",
                    "{\"version\":\"" + TermsRealm.VERSION + "\"}", Map.of());
            assertThat(noBearer.status()).isEqualTo(401);
            assertThat(noBearer.json().get("error").asText()).isEqualTo("invalid_token");

            HttpResult old = acceptVersion(realm, token, "{\"version\":\"2024-12\"}");
            assertThat(old.status()).as(old.toString()).isEqualTo(400);
            assertThat(old.json().get("error").asText()).isEqualTo("terms_version_not_current");
            HttpResult missing = acceptVersion(realm, token, "{\"corpId\":null}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.json().get("error").asText()).isEqualTo("invalid_request");
            HttpResult wrongType = Http.postRaw(realm.url() + TermsRealm.API + "/acceptTermsAndConditions", "text/plain",
                    "version=2025-01".getBytes(StandardCharsets.UTF_8), Http.bearer(token));
            assertThat(wrongType.status()).isEqualTo(415);
            HttpResult unknownOrg = acceptVersion(realm, token, "{\"corpId\":\"no-such-org\",\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(unknownOrg.status()).isEqualTo(404);
            HttpResult notMember = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + ORG_VERSION + "\"}");
            assertThat(notMember.status()).isEqualTo(403);
            assertThat(notMember.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(log("user=" + account.id()).json().get("total").asLong()).isZero();

            HttpResult accepted = acceptVersion(realm, token, "{\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            JsonNode entry = accepted.json();
            assertThat(entry.get("userId").asText()).isEqualTo(account.id());
            assertThat(entry.get("version").asText()).isEqualTo(TermsRealm.VERSION);
            assertThat(entry.get("clientId").asText()).isEqualTo(TermsRealm.SENTINEL);
            assertThat(entry.get("source").asText()).isEqualTo("api");
            assertThat(entry.get("id").asText()).isNotBlank();
            assertThat(attributes(realm, account.id()))
                    .containsEntry("platform-auth.terms.version", List.of(TermsRealm.VERSION));
            assertThat(log("user=" + account.id()).json().get("items").get(0).get("id").asText())
                    .isEqualTo(entry.get("id").asText());

            EventRepresentation event = userEvents("CUSTOM_REQUIRED_ACTION", account.id()).get(0);
            assertThat(event.getDetails()).containsEntry("terms_source", "api").containsEntry("terms_decision", "accepted");
            List<EventRepresentation> errors = userEvents("CUSTOM_REQUIRED_ACTION_ERROR", account.id());
            assertThat(errors).extracting(EventRepresentation::getError).contains("invalid_request", "not_allowed");
        }

        @Test
        @DisplayName("acceptTermsAndConditions with corpId: a member accepts the organization's version, not the realm's")
        void organizationVersion() {
            Account account = member(acmeId);
            String token = sentinelToken(realm, account);
            HttpResult realmVersion = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + TermsRealm.VERSION + "\"}");
            assertThat(realmVersion.status()).isEqualTo(400);
            HttpResult accepted = acceptVersion(realm, token, "{\"corpId\":\"acme\",\"version\":\"" + ORG_VERSION + "\"}");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json().get("corpId").asText()).isEqualTo("acme");
            assertThat(accepted.json().get("organizationId").asText()).isEqualTo(acmeId);
        }

        @Test
        @DisplayName("termsAndConditions records the current version (the organization's for members); without a token 401")
        void termsAndConditions() {
            assertThat(acceptCurrent(realm, null).status()).isEqualTo(401);
            assertThat(acceptCurrent(realm, "not-a-token").status()).isEqualTo(401);

            Account account = Account.create(realm, "t", "example.test");
            HttpResult accepted = acceptCurrent(realm, sentinelToken(realm, account));
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
            assertThat(accepted.json().get("version").asText()).isEqualTo(TermsRealm.VERSION);

            Account acme = member(acmeId);
            HttpResult orgAccepted = acceptCurrent(realm, sentinelToken(realm, acme));
            assertThat(orgAccepted.json().get("version").asText()).isEqualTo(ORG_VERSION);
            assertThat(orgAccepted.json().get("corpId").asText()).isEqualTo("acme");

            // the API acceptance counts at the next browser login: no terms page
            BrowserSession browser = new BrowserSession(keycloak);
            AuthorizationCodeFlow flow = browser.authorizationCodeFlow(realm);
            assertThat(flow.login(flow.start(), account.username(), account.password()).leftKeycloak()).isTrue();
        }
    }

    @Test
    @DisplayName("given a login-as token when it accepts terms then 403: nobody accepts on a user's behalf")
    void loginAsCannotAccept() {
        Account support = withRealmManagementRole(Account.create(realm, "t", "example.test"), "impersonation");
        Account target = Account.create(realm, "t", "example.test");
        HttpResult loginAs = Http.postJson(realm.url() + TermsRealm.API + "/loginAs",
                "{\"username\":\"" + target.username() + "\"}", Http.bearer(sentinelToken(realm, support)));
        assertThat(loginAs.status()).as(loginAs.toString()).isEqualTo(200);

        HttpResult refused = acceptCurrent(realm, loginAs.json().get("token").asText());
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        assertThat(refused.json().get("error").asText()).isEqualTo("forbidden");
        assertThat(log("user=" + target.id()).json().get("total").asLong()).isZero();
    }

    @Nested
    @DisplayName("the admin log")
    class AdminLog {

        @Test
        @DisplayName("query filters by user, version, organization and time, pages, and refuses bad parameters")
        void query() {
            Account plain = Account.create(realm, "t", "example.test");
            acceptCurrent(realm, sentinelToken(realm, plain));
            acceptCurrent(realm, sentinelToken(realm, plain));
            Account acme = member(acmeId);
            acceptCurrent(realm, sentinelToken(realm, acme));

            HttpResult byUser = log("user=" + encode(plain.username()) + "&max=1");
            assertThat(byUser.json().get("total").asLong()).isEqualTo(2);
            assertThat(byUser.json().get("items")).hasSize(1);
            assertThat(byUser.json().get("max").asInt()).isEqualTo(1);
            HttpResult secondPage = log("user=" + plain.id() + "&first=1&max=1");
            assertThat(secondPage.json().get("items").get(0).get("id").asText())
                    .isNotEqualTo(byUser.json().get("items").get(0).get("id").asText());

            HttpResult byOrg = log("organization=acme&user=" + acme.id());
            assertThat(byOrg.json().get("total").asLong()).isEqualTo(1);
            assertThat(log("organization=" + acmeId + "&user=" + acme.id()).json().get("total").asLong()).isEqualTo(1);
            assertThat(log("version=" + ORG_VERSION + "&user=" + plain.id()).json().get("total").asLong()).isZero();
            assertThat(log("version=" + TermsRealm.VERSION + "&user=" + plain.id()).json().get("total").asLong()).isEqualTo(2);
            assertThat(log("from=2999-01-01&user=" + plain.id()).json().get("total").asLong()).isZero();
            assertThat(log("from=2000-01-01T00:00:00Z&to=2999-01-01&user=" + plain.id()).json().get("total").asLong()).isEqualTo(2);
            assertThat(log("to=946684800000&user=" + plain.id()).json().get("total").asLong()).isZero();

            HttpResult badTime = log("from=yesterday");
            assertThat(badTime.status()).isEqualTo(400);
            assertThat(badTime.json().get("error").asText()).isEqualTo("invalid_request");
            HttpResult farTime = log("from=%2B999999999-01-01T00:00:00Z");
            assertThat(farTime.status()).as(farTime.toString()).isEqualTo(400);
            assertThat(farTime.json().get("error").asText()).isEqualTo("invalid_request");
            assertThat(log("max=ten").status()).isEqualTo(400);
            assertThat(log("first=-1").status()).isEqualTo(400);
        }

        @Test
        @DisplayName("export gives CSV and JSON downloads; other formats are refused")
        void export() {
            Account account = Account.create(realm, "t", "example.test");
            acceptCurrent(realm, sentinelToken(realm, account));

            HttpResult csv = Http.get(adminUrl("acceptances/export?format=csv&user=" + account.id()), Http.bearer(adminToken()));
            assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
            assertThat(csv.header("Content-Type")).startsWith("text/csv");
            assertThat(csv.header("Content-Disposition")).contains("attachment").contains(".csv");
            assertThat(csv.header("X-Total-Count")).isEqualTo("1");
            String[] lines = csv.body().split("\r\n");
            assertThat(lines).hasSize(2);
            assertThat(lines[0]).isEqualTo("id,userId,version,acceptedAt,clientId,ipAddress,userAgent,organizationId,corpId,source");
            assertThat(lines[1]).contains(account.id()).contains(TermsRealm.VERSION).endsWith(",api");

            HttpResult json = Http.get(adminUrl("acceptances/export?format=json&user=" + account.id()), Http.bearer(adminToken()));
            assertThat(json.status()).isEqualTo(200);
            assertThat(json.json().isArray()).isTrue();
            assertThat(json.json().get(0).get("userId").asText()).isEqualTo(account.id());

            HttpResult xml = Http.get(adminUrl("acceptances/export?format=xml"), Http.bearer(adminToken()));
            assertThat(xml.status()).isEqualTo(400);
        }

        @Test
        @DisplayName("attack: a user agent built to become a formula where spreadsheets split CSV on semicolons is exported "
                + "as one quoted cell")
        void exportKeepsSemicolonCellsWhole() {
            Account account = Account.create(realm, "t", "example.test");
            String agent = "x;=HYPERLINK(https://evil.test);y";
            Map<String, String> headers = new java.util.HashMap<>(Http.bearer(sentinelToken(realm, account)));
            headers.put("User-Agent", agent);
            HttpResult accepted = Http.postRaw(realm.url() + TermsRealm.API + "/termsAndConditions", "application/json",
                    new byte[0], headers);
            assertThat(accepted.status()).as(accepted.toString()).isLessThan(300);

            HttpResult csv = Http.get(adminUrl("acceptances/export?format=csv&user=" + account.id()), Http.bearer(adminToken()));
            assertThat(csv.status()).as(csv.toString()).isEqualTo(200);
            assertThat(csv.body()).contains(",\"x;=HYPERLINK(https://evil.test);y\",");
        }

        @Test
        @DisplayName("an admin without view-events gets 403, an anonymous caller 401")
        void permissions() {
            Account viewer = withRealmManagementRole(Account.create(realm, "t", "example.test"), "view-users");
            HttpResult login = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password", "client_id", "admin-cli",
                    "username", viewer.username(), "password", viewer.password()), Map.of());
            assertThat(login.status()).as(login.toString()).isEqualTo(200);

            HttpResult forbidden = Http.get(adminUrl("acceptances"), Http.bearer(login.json().get("access_token").asText()));
            assertThat(forbidden.status()).as(forbidden.toString()).isEqualTo(403);
            assertThat(forbidden.json().get("error").asText()).isEqualTo("forbidden");
            assertThat(Http.get(adminUrl("acceptances"), Map.of()).status()).isEqualTo(401);
        }
    }
}
