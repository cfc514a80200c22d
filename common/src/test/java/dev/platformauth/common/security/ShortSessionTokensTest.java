package dev.platformauth.common.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.AccessToken;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ShortSessionTokensTest {

    @Nested
    @DisplayName("a token that changes no account")
    class WithoutAccountManagement {

        @Test
        @DisplayName("keeps the account client's reading roles and drops every management role; other clients untouched")
        void dropsManagementRoles() {
            AccessToken token = new AccessToken();
            token.audience("account");
            token.addAccess("account").roles(new HashSet<>(Set.of("view-profile", "manage-account", "manage-account-links",
                    "manage-consent", "delete-account", "manage-verifiable-credentials", "view-consent")));
            token.addAccess("app").roles(new HashSet<>(Set.of("manage-account")));
            ShortSessionTokens.withoutAccountManagement(token);
            assertThat(token.getResourceAccess("account").getRoles()).containsExactlyInAnyOrder("view-profile", "view-consent");
            assertThat(token.getResourceAccess("app").getRoles()).containsExactly("manage-account");
            assertThat(token.getAudience()).containsExactly("account");
        }

        @Test
        @DisplayName("leaves an empty account entry and an audience, so that Keycloak's account API does not rebuild the roles")
        void neverEmpty() {
            AccessToken token = new AccessToken();
            token.issuedFor("sentinel");
            ShortSessionTokens.withoutAccountManagement(token);
            assertThat(token.getResourceAccess("account")).isNotNull();
            assertThat(token.getResourceAccess("account").getRoles()).isEmpty();
            assertThat(token.getAudience()).containsExactly("sentinel");
            assertThat(token.getResourceAccess("broker")).as("no broker entry where there was none").isNull();
        }

        @Test
        @DisplayName("drops the broker client's read-token, which reads an identity provider's stored tokens, and keeps its other roles")
        void dropsReadToken() {
            AccessToken token = new AccessToken();
            token.addAccess("broker").roles(new HashSet<>(Set.of("read-token", "other")));
            ShortSessionTokens.withoutAccountManagement(token);
            assertThat(token.getResourceAccess("broker").getRoles()).containsExactly("other");
        }
    }

    @Nested
    @DisplayName("a token that administers nothing")
    class WithoutAdministration {

        private AccessToken adminToken() {
            AccessToken token = new AccessToken();
            token.issuedFor("sentinel");
            token.audience("realm-management", "app");
            token.addAccess("realm-management").roles(new HashSet<>(Set.of("view-users", "impersonation")));
            token.addAccess("app").roles(new HashSet<>(Set.of("reader")));
            token.setRealmAccess(new AccessToken.Access().roles(new HashSet<>(Set.of("admin", "create-realm", "user"))));
            return token;
        }

        @Test
        @DisplayName("drops the entries and audience of the clients that administer a realm, and keeps the rest")
        void dropsAdministrationClients() {
            AccessToken token = adminToken();
            ShortSessionTokens.withoutAdministration(token, "realm-management"::equals, false);
            assertThat(token.getResourceAccess()).containsOnlyKeys("app");
            assertThat(token.getAudience()).containsExactly("app");
            assertThat(token.getRealmAccess().getRoles()).as("outside the administration realm, realm roles administer nothing")
                    .containsExactlyInAnyOrder("admin", "create-realm", "user");
        }

        @Test
        @DisplayName("in the administration realm drops the realm roles that administer every realm or create realms")
        void dropsAdministrationRealmRoles() {
            AccessToken token = adminToken();
            ShortSessionTokens.withoutAdministration(token, clientId -> false, true);
            assertThat(token.getRealmAccess().getRoles()).containsExactly("user");
            assertThat(token.getResourceAccess()).containsKeys("realm-management", "app");
        }

        @Test
        @DisplayName("an audience of administration clients alone becomes the token's own client")
        void audienceNeverEmpty() {
            AccessToken token = new AccessToken();
            token.issuedFor("sentinel");
            token.audience("realm-management");
            ShortSessionTokens.withoutAdministration(token, "realm-management"::equals, false);
            assertThat(token.getAudience()).containsExactly("sentinel");
            assertThat(token.getResourceAccess()).isEmpty();
        }
    }
}
