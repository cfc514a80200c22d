package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.FastApiErrors;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.resource.UserProfileResource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;
import org.keycloak.representations.userprofile.config.UPConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new address through {@code PATCH users/me} and an administrator's {@code PATCH users/{id}} obeys the
 * realm's user profile as Keycloak's account console and admin API do: the validators the realm puts on
 * the address, and the conditions under which users may not change it themselves (the address is the
 * username and usernames cannot be edited; the Update Email action, which verifies a new address first,
 * is on). The attack: a user setting an address the realm refuses, or skipping the verification the
 * realm demands, through the API.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmailChangeProfileIT {

    private static final String BLOCKED_DOMAIN_MESSAGE = "Addresses at blocked.test are not accepted";

    private TestRealm realm;
    private AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.create(keycloak, mail, "email-profile"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    private HttpResult patchMe(String token, String email) {
        return Http.patchJson(api.url("/users/me"), "{\"email\":\"" + email + "\"}", Http.bearer(token));
    }

    private HttpResult patchAsAdmin(String adminToken, Account target, String email) {
        return Http.patchJson(api.url("/users/" + target.id()), "{\"email\":\"" + email + "\"}", Http.bearer(adminToken));
    }

    private String globalAdminToken() {
        Account admin = api.newAccount();
        api.grantRealmRole(admin, "superuser");
        return api.accessToken(admin);
    }

    private static String address(String domain) {
        return "moved-" + UUID.randomUUID().toString().substring(0, 8) + "@" + domain;
    }

    private String storedEmail(Account account) {
        return realm.resource().users().get(account.id()).toRepresentation().getEmail();
    }

    private EventRepresentation awaitEmailError(Account account) {
        return Polling.await(() -> realm.events("UPDATE_EMAIL_ERROR").stream()
                        .filter(event -> account.id().equals(event.getUserId())).toList(),
                found -> !found.isEmpty(), Duration.ofSeconds(20), "UPDATE_EMAIL_ERROR of " + account.id()).get(0);
    }

    @Test
    @DisplayName("attack: an address the realm's profile validators refuse (a pattern on the email attribute) is 400 with the "
            + "validator's message for the user and for an admin, UPDATE_EMAIL_ERROR invalid_input; other addresses pass")
    void profileValidatorsApply() {
        UserProfileResource profile = realm.resource().users().userProfile();
        UPConfig original = profile.getConfiguration();
        UPConfig restricted = profile.getConfiguration();
        UPAttribute email = restricted.getAttribute("email");
        email.addValidation("pattern", Map.<String, Object>of("pattern", "^(?!.*@blocked\\.test$).*$", "error-message", BLOCKED_DOMAIN_MESSAGE));
        profile.update(restricted);
        try {
            Account account = api.newAccount();
            String token = api.accessToken(account);
            FastApiErrors.assertError(patchMe(token, address("blocked.test")), 400, "invalid_request", BLOCKED_DOMAIN_MESSAGE);
            assertThat(storedEmail(account)).isEqualTo(account.email());
            EventRepresentation error = awaitEmailError(account);
            assertThat(error.getError()).isEqualTo("invalid_input");

            String adminToken = globalAdminToken();
            Account target = api.newAccount();
            FastApiErrors.assertError(patchAsAdmin(adminToken, target, address("blocked.test")), 400, "invalid_request",
                    BLOCKED_DOMAIN_MESSAGE);
            assertThat(storedEmail(target)).isEqualTo(target.email());

            String allowed = address("example.test");
            HttpResult moved = patchMe(token, allowed);
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(storedEmail(account)).isEqualTo(allowed);
            String allowedByAdmin = address("example.test");
            HttpResult movedByAdmin = patchAsAdmin(adminToken, target, allowedByAdmin);
            assertThat(movedByAdmin.status()).as(movedByAdmin.toString()).isEqualTo(200);
            assertThat(storedEmail(target)).isEqualTo(allowedByAdmin);
        } finally {
            profile.update(original);
        }
    }

    @Test
    @DisplayName("attack: with Keycloak's Update Email action on (a new address is verified before it is set), a user's own "
            + "change is 403 and UPDATE_EMAIL_ERROR not_allowed; an admin still changes it, as in Keycloak's admin API")
    void updateEmailActionDemandsVerification() {
        RequiredActionProviderRepresentation action = realm.resource().flows().getRequiredAction("UPDATE_EMAIL");
        boolean wasEnabled = action.isEnabled();
        action.setEnabled(true);
        realm.resource().flows().updateRequiredAction("UPDATE_EMAIL", action);
        try {
            Account account = api.newAccount();
            FastApiErrors.assertError(patchMe(api.accessToken(account), address("example.test")), 403, "forbidden",
                    "The email address cannot be changed here");
            assertThat(storedEmail(account)).isEqualTo(account.email());
            assertThat(awaitEmailError(account).getError()).isEqualTo("not_allowed");

            String byAdmin = address("example.test");
            HttpResult moved = patchAsAdmin(globalAdminToken(), account, byAdmin);
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(storedEmail(account)).isEqualTo(byAdmin);
        } finally {
            action.setEnabled(wasEnabled);
            realm.resource().flows().updateRequiredAction("UPDATE_EMAIL", action);
        }
    }

    @Test
    @DisplayName("attack: where the address is the username and usernames cannot be edited, a user's own change is 403; an "
            + "admin still changes it")
    void emailAsUsernameWithoutUsernameEdits() {
        Account account = api.newAccount();
        String token = api.accessToken(account);
        String adminToken = globalAdminToken();
        realm.update(rep -> {
            rep.setRegistrationEmailAsUsername(true);
            rep.setEditUsernameAllowed(false);
        });
        try {
            FastApiErrors.assertError(patchMe(token, address("example.test")), 403, "forbidden",
                    "The email address cannot be changed here");
            assertThat(storedEmail(account)).isEqualTo(account.email());

            String byAdmin = address("example.test");
            HttpResult moved = patchAsAdmin(adminToken, account, byAdmin);
            assertThat(moved.status()).as(moved.toString()).isEqualTo(200);
            assertThat(storedEmail(account)).isEqualTo(byAdmin);
        } finally {
            realm.update(rep -> rep.setRegistrationEmailAsUsername(false));
        }
        Account later = api.newAccount();
        String moved = address("example.test");
        HttpResult own = patchMe(api.accessToken(later), moved);
        assertThat(own.status()).as("users change their address again once the realm allows it: " + own).isEqualTo(200);
        assertThat(List.of(storedEmail(later))).containsExactly(moved);
    }
}
