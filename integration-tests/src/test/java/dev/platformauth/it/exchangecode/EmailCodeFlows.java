package dev.platformauth.it.exchangecode;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import static dev.platformauth.it.support.AuthFlows.execution;
import static dev.platformauth.it.support.AuthFlows.flow;

/** Realm fixtures with a browser flow whose login step is the "Email code" authenticator. */
public final class EmailCodeFlows {

    static final String FLOW = "email-code-browser";

    private EmailCodeFlows() {
    }

    /** Cookie, else the email-code form; bound as the realm's browser flow. */
    static Consumer<RealmRepresentation> browserFlow(Map<String, String> authenticatorConfig) {
        return browserFlow(authenticatorConfig, List.of(
                execution("platform-auth-exchange-code", null, "REQUIRED", 10, "email-code")));
    }

    /** Cookie, else the email-code form with username and password as the other way ("Try another way"). */
    static Consumer<RealmRepresentation> browserFlowWithPassword(Map<String, String> authenticatorConfig) {
        return browserFlow(authenticatorConfig, List.of(
                execution("platform-auth-exchange-code", null, "ALTERNATIVE", 10, "email-code"),
                execution("auth-username-password-form", null, "ALTERNATIVE", 20, null)));
    }

    private static Consumer<RealmRepresentation> browserFlow(Map<String, String> authenticatorConfig,
                                                             List<AuthenticationExecutionExportRepresentation> steps) {
        return realm -> {
            AuthenticationFlowRepresentation top = flow(FLOW, true, List.of(
                    execution("auth-cookie", null, "ALTERNATIVE", 10, null),
                    execution(null, FLOW + "-forms", "ALTERNATIVE", 20, null)));
            AuthenticationFlowRepresentation forms = flow(FLOW + "-forms", false, steps);
            AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
            config.setAlias("email-code");
            config.setConfig(authenticatorConfig);
            realm.setAuthenticationFlows(List.of(top, forms));
            realm.setAuthenticatorConfig(List.of(config));
            realm.setBrowserFlow(FLOW);
        };
    }
}
