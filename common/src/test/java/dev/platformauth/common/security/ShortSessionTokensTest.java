package dev.platformauth.common.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RealmProvider;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.encode.AccessTokenContext;
import org.keycloak.protocol.oidc.encode.TokenContextEncoderProvider;
import org.keycloak.representations.AccessToken;
import org.mockito.ArgumentCaptor;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

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

    @Nested
    @DisplayName("a login-as or grant token, limited")
    class Limit {

        private final KeycloakSession session = mock(KeycloakSession.class);
        private final RealmProvider realms = mock(RealmProvider.class);
        private final TokenContextEncoderProvider encoder = mock(TokenContextEncoderProvider.class);
        private final UserSessionModel userSession = mock(UserSessionModel.class);

        Limit() {
            when(session.realms()).thenReturn(realms);
            when(session.getProvider(TokenContextEncoderProvider.class)).thenReturn(encoder);
            UserModel user = mock(UserModel.class);
            when(user.getId()).thenReturn("user-id");
            when(userSession.getUser()).thenReturn(user);
        }

        private RealmModel realm(String name) {
            RealmModel realm = mock(RealmModel.class);
            when(realm.getName()).thenReturn(name);
            return realm;
        }

        private void tokenType(String tokenId, AccessTokenContext.TokenType type) {
            when(encoder.getTokenContextFromTokenId(tokenId))
                    .thenReturn(new AccessTokenContext(AccessTokenContext.SessionType.ONLINE, type, "password", "raw-id"));
        }

        @Test
        @DisplayName("in the administration realm drops the <realm>-realm clients Keycloak made, and the realm roles admin and create-realm")
        void administrationRealm() {
            RealmModel master = realm("master");
            when(userSession.getRealm()).thenReturn(master);
            RealmModel acme = realm("acme");
            ClientModel acmeAdministration = mock(ClientModel.class);
            when(acmeAdministration.getClientId()).thenReturn("acme-realm");
            when(acme.getMasterAdminClient()).thenReturn(acmeAdministration);
            when(realms.getRealmByName("acme")).thenReturn(acme);
            AccessToken token = new AccessToken();
            token.id("regular-id");
            token.subject("user-id");
            token.audience("acme-realm", "app");
            token.addAccess("acme-realm").roles(new HashSet<>(Set.of("manage-users")));
            token.addAccess("unknown-realm").roles(new HashSet<>(Set.of("reader")));
            token.addAccess("app").roles(new HashSet<>(Set.of("reader")));
            token.setRealmAccess(new AccessToken.Access().roles(new HashSet<>(Set.of("admin", "create-realm", "user"))));
            tokenType("regular-id", AccessTokenContext.TokenType.REGULAR);

            ShortSessionTokens.limit(session, userSession, token);

            assertThat(token.getResourceAccess()).as("a -realm client of no realm is an ordinary client")
                    .containsOnlyKeys("account", "unknown-realm", "app");
            assertThat(token.getAudience()).containsExactly("app");
            assertThat(token.getRealmAccess().getRoles()).containsExactly("user");
            assertThat(token.getId()).isEqualTo("regular-id");
            verify(encoder, never()).encodeTokenId(any());
        }

        @Test
        @DisplayName("marks a lightweight token regular, keeping its session type, grant type and id, and gives it its subject")
        void lightweightBecomesRegular() {
            RealmModel acme = realm("acme");
            when(userSession.getRealm()).thenReturn(acme);
            AccessToken token = new AccessToken();
            token.id("lightweight-id");
            tokenType("lightweight-id", AccessTokenContext.TokenType.LIGHTWEIGHT);
            when(encoder.encodeTokenId(any())).thenReturn("regular-id");

            ShortSessionTokens.limit(session, userSession, token);

            ArgumentCaptor<AccessTokenContext> context = ArgumentCaptor.forClass(AccessTokenContext.class);
            verify(encoder).encodeTokenId(context.capture());
            assertThat(context.getValue().getTokenType()).isEqualTo(AccessTokenContext.TokenType.REGULAR);
            assertThat(context.getValue().getSessionType()).isEqualTo(AccessTokenContext.SessionType.ONLINE);
            assertThat(context.getValue().getGrantType()).isEqualTo("password");
            assertThat(context.getValue().getRawTokenId()).isEqualTo("raw-id");
            assertThat(token.getId()).isEqualTo("regular-id");
            assertThat(token.getSubject()).isEqualTo("user-id");
        }
    }

    @Nested
    @DisplayName("which sessions are limited")
    class Limited {

        private final UserSessionModel userSession = mock(UserSessionModel.class);

        @Test
        @DisplayName("the bundle's login-as, once marked, and the entity-token grant's sessions; not Keycloak's own impersonation nor a sign-in")
        void loginAsAndGrantSessions() {
            when(userSession.getNote("IMPERSONATOR_ID")).thenReturn("agent-id");
            assertThat(ShortSessionTokens.isLimited(userSession)).as("Keycloak's own impersonation").isFalse();
            ShortSessionTokens.markLoginAs(userSession);
            verify(userSession).setNote(ShortSessionTokens.LOGIN_AS_NOTE, "true");
            when(userSession.getNote(ShortSessionTokens.LOGIN_AS_NOTE)).thenReturn("true");
            assertThat(ShortSessionTokens.isLimited(userSession)).isTrue();

            UserSessionModel grant = mock(UserSessionModel.class);
            when(grant.getNote(PrivilegeBoundary.ENTITY_TOKEN_SESSION_NOTE)).thenReturn("token-id");
            assertThat(ShortSessionTokens.isLimited(grant)).isTrue();
            assertThat(ShortSessionTokens.isLimited(mock(UserSessionModel.class))).as("a sign-in").isFalse();
        }
    }
}
