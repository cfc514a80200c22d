package dev.platformauth.rest.sso;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.rest.account.UsersResource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationExecutionModel.Requirement;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class LoginFeatureFlagsTest {

    private final RealmModel realm = mock(RealmModel.class);
    private final ClientModel client = mock(ClientModel.class);
    private final Map<String, List<AuthenticationExecutionModel>> flows = new HashMap<>();

    @BeforeEach
    void realmWithStandardFlows() {
        when(realm.getAuthenticationExecutionsStream(anyString()))
                .thenAnswer(call -> flows.getOrDefault(call.<String>getArgument(0), List.of()).stream());
        when(realm.getBrowserFlow()).thenReturn(flow("browser"));
        when(realm.getDirectGrantFlow()).thenReturn(flow("direct grant"));
        when(realm.getSmtpConfig()).thenReturn(Map.of("host", "127.0.0.1"));
        step("browser", "auth-cookie", Requirement.ALTERNATIVE);
        step("direct grant", "direct-grant-validate-username", Requirement.REQUIRED);
        step("direct grant", LoginFeatureFlags.PASSWORD_STEP, Requirement.REQUIRED);
        when(client.isDirectAccessGrantsEnabled()).thenReturn(true);
        when(client.isStandardFlowEnabled()).thenReturn(true);
    }

    private static AuthenticationFlowModel flow(String id) {
        AuthenticationFlowModel flow = new AuthenticationFlowModel();
        flow.setId(id);
        flow.setAlias(id);
        return flow;
    }

    private void step(String flowId, String authenticator, Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticator(authenticator);
        execution.setRequirement(requirement);
        flows.computeIfAbsent(flowId, id -> new ArrayList<>()).add(execution);
    }

    private void subFlow(String flowId, String subFlowId, Requirement requirement) {
        AuthenticationExecutionModel execution = new AuthenticationExecutionModel();
        execution.setAuthenticatorFlow(true);
        execution.setFlowId(subFlowId);
        execution.setRequirement(requirement);
        flows.computeIfAbsent(flowId, id -> new ArrayList<>()).add(execution);
    }

    private LoginFeatureFlags flags(IdentityProviderModel... idps) {
        return LoginFeatureFlags.of(realm, client, List.of(idps));
    }

    @Test
    @DisplayName("given a default realm with direct grants when read then password login and sign-up are on and nothing else")
    void defaults() {
        Map<String, Object> json = flags().toJson();
        assertThat(json).containsExactly(
                Map.entry("password_login", true),
                Map.entry("registration", true),
                Map.entry("passwordless", true),
                Map.entry("magic_link", false),
                Map.entry("email_otp", false),
                Map.entry("sso", Map.of("google", false, "microsoft", false, "linkedin", false, "okta", false)));
        assertThat(((Map<?, ?>) json.get("sso")).keySet()).map(Object::toString)
                .containsExactly("google", "microsoft", "linkedin", "okta");
    }

    @Nested
    @DisplayName("password_login")
    class PasswordLogin {

        @Test
        @DisplayName("when the client has direct access grants off then it is off")
        void noDirectGrants() {
            when(client.isDirectAccessGrantsEnabled()).thenReturn(false);
            assertThat(flags().passwordLogin()).isFalse();
        }

        @Test
        @DisplayName("when the direct-grant flow's password step is disabled then it is off")
        void passwordStepDisabled() {
            flows.get("direct grant").get(1).setRequirement(Requirement.DISABLED);
            assertThat(flags().passwordLogin()).isFalse();
        }

        @Test
        @DisplayName("when the client overrides the direct-grant flow with one without a password step then it is off")
        void overrideWithoutPassword() {
            AuthenticationFlowModel custom = flow("custom");
            when(client.getRealm()).thenReturn(realm);
            when(client.getAuthenticationFlowBindingOverride(AuthenticationFlowBindings.DIRECT_GRANT_BINDING)).thenReturn("custom");
            when(realm.getAuthenticationFlowById("custom")).thenReturn(custom);
            step("custom", "direct-grant-validate-username", Requirement.REQUIRED);
            assertThat(flags().passwordLogin()).isFalse();
        }
    }

    @Nested
    @DisplayName("magic_link and email_otp")
    class EmailMethods {

        @Test
        @DisplayName("when the client attribute is true then the method is on")
        void attribute() {
            when(client.getAttribute(PlatformAuth.MAGIC_LINK_ENABLED)).thenReturn("true");
            assertThat(flags().magicLink()).isTrue();
            assertThat(flags().emailOtp()).isFalse();
        }

        @Test
        @DisplayName("when the browser flow has the step in an enabled sub-flow then the method is on")
        void stepInSubFlow() {
            subFlow("browser", "forms", Requirement.ALTERNATIVE);
            subFlow("forms", "second factor", Requirement.CONDITIONAL);
            step("second factor", PlatformAuth.EMAIL_OTP_AUTHENTICATOR, Requirement.REQUIRED);
            assertThat(flags().emailOtp()).isTrue();
        }

        @Test
        @DisplayName("when the step is disabled, or sits in a disabled sub-flow, then the method is off")
        void disabledStep() {
            step("browser", PlatformAuth.MAGIC_LINK_AUTHENTICATOR, Requirement.DISABLED);
            subFlow("browser", "off", Requirement.DISABLED);
            step("off", PlatformAuth.EMAIL_OTP_AUTHENTICATOR, Requirement.REQUIRED);
            assertThat(flags().magicLink()).isFalse();
            assertThat(flags().emailOtp()).isFalse();
        }

        @Test
        @DisplayName("when the realm has no SMTP host then every email method is off")
        void noSmtp() {
            when(realm.getSmtpConfig()).thenReturn(Map.of());
            when(client.getAttribute(PlatformAuth.MAGIC_LINK_ENABLED)).thenReturn("true");
            LoginFeatureFlags flags = flags();
            assertThat(flags.passwordless()).isFalse();
            assertThat(flags.magicLink()).isFalse();
            assertThat(flags.emailOtp()).isFalse();
        }

        @Test
        @DisplayName("when sub-flows refer to each other in a loop then the scan still ends")
        void loop() {
            subFlow("browser", "a", Requirement.ALTERNATIVE);
            subFlow("a", "browser", Requirement.ALTERNATIVE);
            assertThat(flags().magicLink()).isFalse();
        }
    }

    @Nested
    @DisplayName("sso")
    class Sso {

        private IdentityProviderModel googleIdp() {
            IdentityProviderModel google = new IdentityProviderModel();
            google.setAlias("google");
            google.setProviderId("google");
            google.setEnabled(true);
            return google;
        }

        @Test
        @DisplayName("when a usable Google identity provider exists then only google is on")
        void google() {
            assertThat(flags(googleIdp()).sso()).containsEntry(SsoProvider.GOOGLE, true)
                    .containsEntry(SsoProvider.MICROSOFT, false).containsEntry(SsoProvider.OKTA, false);
        }

        @Test
        @DisplayName("when the client does not allow the standard flow then every provider is off")
        void noStandardFlow() {
            when(client.isStandardFlowEnabled()).thenReturn(false);
            assertThat(flags(googleIdp()).sso()).containsEntry(SsoProvider.GOOGLE, false);
        }
    }

    @Test
    @DisplayName("given the login pages' registration off when read then registration follows the API's sign-up switch alone")
    void registration() {
        when(realm.isRegistrationAllowed()).thenReturn(false);
        assertThat(flags().registration()).isTrue();
        when(client.getAttribute(UsersResource.SIGNUP_ENABLED)).thenReturn("false");
        assertThat(flags().registration()).isFalse();
        when(client.getAttribute(UsersResource.SIGNUP_ENABLED)).thenReturn("true");
        when(realm.isRegistrationAllowed()).thenReturn(true);
        assertThat(flags().registration()).isTrue();
    }
}
