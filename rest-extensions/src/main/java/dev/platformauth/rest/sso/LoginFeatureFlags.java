package dev.platformauth.rest.sso;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.rest.account.UsersResource;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.AuthenticationFlowBindings;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which sign-in methods a realm offers through its {@code auth-service} client, read from the
 * realm's configuration each time (docs/sso-and-feature-flags.md has the rules):
 *
 * <ul>
 * <li>{@code password_login}: the client has direct access grants on and the direct-grant flow in
 *     effect for it has an active password step;</li>
 * <li>{@code registration}: the API's sign-up switch, the client attribute
 *     {@value UsersResource#SIGNUP_ENABLED} (on unless {@code "false"}; the login pages' <em>User
 *     registration</em> switch does not matter);</li>
 * <li>{@code passwordless}, {@code magic_link}, {@code email_otp}: the realm can send email (an SMTP
 *     host is set), and, for the last two, the client attribute switching the API on is
 *     {@code "true"} or the browser flow in effect for the client has an active step of that
 *     authenticator;</li>
 * <li>{@code sso.<provider>}: the client allows the standard (browser) flow and
 *     {@link SsoProvider#select} finds a usable identity provider.</li>
 * </ul>
 */
public record LoginFeatureFlags(boolean passwordLogin, boolean registration, boolean passwordless, boolean magicLink,
        boolean emailOtp, Map<SsoProvider, Boolean> sso) {

    /** Keycloak's password step of direct-grant flows. */
    static final String PASSWORD_STEP = "direct-grant-validate-password";

    static LoginFeatureFlags of(RealmModel realm, ClientModel client, Collection<IdentityProviderModel> identityProviders) {
        boolean email = canSendEmail(realm);
        String browserFlow = flowInEffect(client, AuthenticationFlowBindings.BROWSER_BINDING, realm.getBrowserFlow());
        String directGrantFlow = flowInEffect(client, AuthenticationFlowBindings.DIRECT_GRANT_BINDING, realm.getDirectGrantFlow());
        Map<SsoProvider, Boolean> sso = new EnumMap<>(SsoProvider.class);
        for (SsoProvider provider : SsoProvider.values()) {
            sso.put(provider, client.isStandardFlowEnabled() && provider.select(identityProviders).isPresent());
        }
        return new LoginFeatureFlags(
                client.isDirectAccessGrantsEnabled() && hasActiveStep(realm, directGrantFlow, PASSWORD_STEP),
                UsersResource.signupEnabled(client),
                email,
                email && offered(realm, client, browserFlow, PlatformAuth.MAGIC_LINK_ENABLED, PlatformAuth.MAGIC_LINK_AUTHENTICATOR),
                email && offered(realm, client, browserFlow, PlatformAuth.EMAIL_OTP_ENABLED, PlatformAuth.EMAIL_OTP_AUTHENTICATOR),
                Map.copyOf(sso));
    }

    /** The {@code magic_link} flag alone: what the magic-link endpoints accept (the same rule). */
    public static boolean magicLinkOffered(RealmModel realm, ClientModel client) {
        return canSendEmail(realm) && offered(realm, client,
                flowInEffect(client, AuthenticationFlowBindings.BROWSER_BINDING, realm.getBrowserFlow()),
                PlatformAuth.MAGIC_LINK_ENABLED, PlatformAuth.MAGIC_LINK_AUTHENTICATOR);
    }

    /** The {@code email_otp} flag alone: what the email-OTP endpoints accept (the same rule). */
    public static boolean emailOtpOffered(RealmModel realm, ClientModel client) {
        return canSendEmail(realm) && offered(realm, client,
                flowInEffect(client, AuthenticationFlowBindings.BROWSER_BINDING, realm.getBrowserFlow()),
                PlatformAuth.EMAIL_OTP_ENABLED, PlatformAuth.EMAIL_OTP_AUTHENTICATOR);
    }

    /** The response body, keys in the order of the contract. */
    Map<String, Object> toJson() {
        Map<String, Boolean> providers = new LinkedHashMap<>();
        for (SsoProvider provider : SsoProvider.values()) {
            providers.put(provider.pathName(), sso.getOrDefault(provider, false));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("password_login", passwordLogin);
        body.put("registration", registration);
        body.put("passwordless", passwordless);
        body.put("magic_link", magicLink);
        body.put("email_otp", emailOtp);
        body.put("sso", providers);
        return body;
    }

    private static boolean canSendEmail(RealmModel realm) {
        Map<String, String> smtp = realm.getSmtpConfig();
        String host = smtp == null ? null : smtp.get("host");
        return host != null && !host.isBlank();
    }

    private static boolean offered(RealmModel realm, ClientModel client, String browserFlow, String attribute,
            String authenticator) {
        return "true".equals(client.getAttribute(attribute)) || hasActiveStep(realm, browserFlow, authenticator);
    }

    /**
     * The id of the flow Keycloak runs for {@code client} under {@code binding}: its override when that
     * flow exists, else {@code realmFlow} (Keycloak's own resolution, written out because its helper
     * for it is not on every supported line).
     */
    static String flowInEffect(ClientModel client, String binding, AuthenticationFlowModel realmFlow) {
        String overrideId = client.getAuthenticationFlowBindingOverride(binding);
        AuthenticationFlowModel override = overrideId == null ? null : client.getRealm().getAuthenticationFlowById(overrideId);
        AuthenticationFlowModel flow = override != null ? override : realmFlow;
        return flow == null ? null : flow.getId();
    }

    /**
     * Whether flow {@code flowId}, or a sub-flow of it that is not disabled, has a step of
     * {@code authenticator} that is not disabled.
     */
    static boolean hasActiveStep(RealmModel realm, String flowId, String authenticator) {
        return flowId != null && hasActiveStep(realm, flowId, authenticator, new HashSet<>());
    }

    private static boolean hasActiveStep(RealmModel realm, String flowId, String authenticator, Set<String> visited) {
        if (!visited.add(flowId)) {
            return false;
        }
        List<AuthenticationExecutionModel> executions = realm.getAuthenticationExecutionsStream(flowId).toList();
        for (AuthenticationExecutionModel execution : executions) {
            if (execution.isDisabled()) {
                continue;
            }
            if (execution.isAuthenticatorFlow()
                    ? execution.getFlowId() != null && hasActiveStep(realm, execution.getFlowId(), authenticator, visited)
                    : authenticator.equals(execution.getAuthenticator())) {
                return true;
            }
        }
        return false;
    }
}
