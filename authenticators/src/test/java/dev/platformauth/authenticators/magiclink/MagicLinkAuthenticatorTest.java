package dev.platformauth.authenticators.magiclink;

import dev.platformauth.authenticators.mailed.EmailCodeLogin;
import dev.platformauth.common.magiclink.MagicLinks;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.headers.SecurityHeadersOptions;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.http.HttpRequest;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;
import org.mockito.MockedStatic;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class MagicLinkAuthenticatorTest {

    private final MagicLinkAuthenticator authenticator = new MagicLinkAuthenticator();
    private final AuthenticationFlowContext context = mock(AuthenticationFlowContext.class);
    private final EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
    private final LoginFormsProvider form = mock(LoginFormsProvider.class, RETURNS_SELF);
    private final MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
    private final MultivaluedMap<String, String> posted = new MultivaluedHashMap<>();
    private final SecurityHeadersOptions headerOptions = mock(SecurityHeadersOptions.class);

    @BeforeEach
    void login() {
        UriInfo uriInfo = mock(UriInfo.class);
        when(uriInfo.getQueryParameters()).thenReturn(query);
        when(context.getUriInfo()).thenReturn(uriInfo);
        HttpRequest request = mock(HttpRequest.class);
        when(request.getDecodedFormParameters()).thenReturn(posted);
        when(context.getHttpRequest()).thenReturn(request);
        AuthenticationSessionModel authSession = mock(AuthenticationSessionModel.class);
        RootAuthenticationSessionModel root = mock(RootAuthenticationSessionModel.class);
        when(root.getId()).thenReturn("this-browser");
        when(authSession.getParentSession()).thenReturn(root);
        ClientModel client = mock(ClientModel.class);
        when(client.getClientId()).thenReturn("app");
        when(authSession.getClient()).thenReturn(client);
        when(context.getAuthenticationSession()).thenReturn(authSession);
        when(context.getEvent()).thenReturn(event);
        when(context.form()).thenReturn(form);
        when(form.createForm(anyString())).thenAnswer(invocation -> Response.ok().build());
        KeycloakSession session = mock(KeycloakSession.class);
        SecurityHeadersProvider headers = mock(SecurityHeadersProvider.class);
        when(headers.options()).thenReturn(headerOptions);
        when(session.getProvider(SecurityHeadersProvider.class)).thenReturn(headers);
        when(context.getSession()).thenReturn(session);
        RealmModel realm = mock(RealmModel.class);
        when(realm.getBrowserSecurityHeaders()).thenReturn(Map.of("referrerPolicy", "unsafe-url", "xFrameOptions", "DENY"));
        when(context.getRealm()).thenReturn(realm);
    }

    /** The page says no-referrer whatever the realm's policy, keeps its other headers, and Keycloak's filter leaves it alone. */
    private void assertNoReferrer() {
        verify(form).setResponseHeader("Referrer-Policy", "no-referrer");
        verify(form, never()).setResponseHeader("Referrer-Policy", "unsafe-url");
        verify(form).setResponseHeader("X-Frame-Options", "DENY");
        verify(headerOptions).skipHeaders();
    }

    @Nested
    @DisplayName("given no link and no identified user")
    class AskForAddress {

        @Test
        @DisplayName("when the step starts then it asks for the address with the magic-link texts")
        void start() {
            authenticator.authenticate(context);
            verify(form).setAttribute("emailTitleKey", MagicLinkAuthenticator.MSG_EMAIL_TITLE);
            verify(form).createForm(EmailCodeLogin.EMAIL_FORM);
            verify(context).challenge(any());
        }

        @Test
        @DisplayName("when something that is not an address is posted then the address page with its error, nothing sent")
        void invalidAddress() {
            posted.putSingle("email", "not-an-address");
            authenticator.action(context);
            verify(form).setError(EmailCodeLogin.MSG_EMAIL_INVALID);
            verify(form).createForm(EmailCodeLogin.EMAIL_FORM);
        }
    }

    @Nested
    @DisplayName("given a link")
    class Link {

        private MockedStatic<MagicLinks> links;

        @BeforeEach
        void stubStore() {
            links = mockStatic(MagicLinks.class);
        }

        @AfterEach
        void release() {
            links.close();
        }

        /** The confirmation page posts the link's token, issued for {@code client} in the browser {@code root}. */
        private void confirmedFor(String client, String root) {
            posted.putSingle("token", "secret");
            links.when(() -> MagicLinks.peek(any(), any(), any(), any())).thenReturn(Optional.of(Map.of(
                    MagicLinkAuthenticator.NOTE_CLIENT, client, MagicLinkAuthenticator.NOTE_ROOT, root)));
        }

        @Test
        @DisplayName("when it is opened and live then the confirmation page names the account, spends nothing and sends no referrer")
        void confirm() {
            query.putSingle(MagicLinkAuthenticator.LINK_PARAM, "secret");
            Map<String, String> notes = Map.of(MagicLinkAuthenticator.NOTE_CLIENT, "app");
            links.when(() -> MagicLinks.peek(any(), any(), eq("secret"), eq(MagicLinks.Origin.BROWSER))).thenReturn(Optional.of(notes));
            UserModel alice = mock(UserModel.class);
            when(alice.getEmail()).thenReturn("alice@example.test");
            links.when(() -> MagicLinks.holder(any(), any(), eq(notes))).thenReturn(alice);

            authenticator.authenticate(context);

            verify(form).setAttribute("magicLinkAccount", "alice@example.test");
            verify(form).createForm(MagicLinkAuthenticator.CONFIRM_PAGE);
            assertNoReferrer();
            links.verify(() -> MagicLinks.redeem(any(), any(), any(), any(), any()), org.mockito.Mockito.never());
        }

        @Test
        @DisplayName("when it is opened but unknown or spent then the address page says so")
        void unknown() {
            query.putSingle(MagicLinkAuthenticator.LINK_PARAM, "secret");
            links.when(() -> MagicLinks.peek(any(), any(), any(), any())).thenReturn(Optional.empty());
            authenticator.authenticate(context);
            verify(form).setError(MagicLinkAuthenticator.MSG_LINK_INVALID);
            assertNoReferrer();
        }

        @Test
        @DisplayName("when it is confirmed in another browser and the step does not allow that then refused, the link kept")
        void otherBrowser() {
            confirmedFor("app", "other-browser");
            authenticator.action(context);
            verify(event).error(MagicLinkAuthenticator.ERROR_OTHER_BROWSER);
            verify(form).setError(MagicLinkAuthenticator.MSG_OTHER_BROWSER);
            verify(context, never()).success();
            links.verify(() -> MagicLinks.redeem(any(), any(), any(), any(), any()), org.mockito.Mockito.never());
        }

        @Test
        @DisplayName("when it is confirmed for another client than this login's then refused as an invalid code")
        void otherClient() {
            confirmedFor("other-app", "this-browser");
            authenticator.action(context);
            verify(event).error(Errors.INVALID_CODE);
            verify(context, never()).success();
        }

        @Test
        @DisplayName("when it is confirmed in the browser that asked then it is redeemed and the user signed in")
        void redeemed() {
            confirmedFor("app", "this-browser");
            UserModel alice = mock(UserModel.class);
            when(alice.getUsername()).thenReturn("alice");
            links.when(() -> MagicLinks.redeem(any(), any(), eq("secret"), eq(MagicLinks.Origin.BROWSER), any()))
                    .thenReturn(new MagicLinks.Redeemed(alice, Map.of()));
            authenticator.action(context);
            verify(context).setUser(alice);
            verify(context).success();
        }
    }

    @Nested
    @DisplayName("given the account a link belongs to")
    class AccountName {

        @Test
        @DisplayName("then the page names its email, else its username, and nothing when it is gone")
        void named() {
            UserModel withEmail = mock(UserModel.class);
            when(withEmail.getEmail()).thenReturn("alice@example.test");
            UserModel withoutEmail = mock(UserModel.class);
            when(withoutEmail.getUsername()).thenReturn("bob");
            assertThat(MagicLinkAuthenticator.accountName(withEmail)).isEqualTo("alice@example.test");
            assertThat(MagicLinkAuthenticator.accountName(withoutEmail)).isEqualTo("bob");
            assertThat(MagicLinkAuthenticator.accountName(null)).isNull();
        }
    }
}
