package dev.platformauth.it.support;

import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;

import java.util.List;

/** Authentication flows for realm fixtures: basic flows and their executions, as a realm import has them. */
public final class AuthFlows {

    private AuthFlows() {
    }

    /** A non-built-in basic flow. */
    public static AuthenticationFlowRepresentation flow(String alias, boolean topLevel,
                                                        List<AuthenticationExecutionExportRepresentation> executions) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        flow.setAuthenticationExecutions(executions);
        return flow;
    }

    /** An authenticator step ({@code subflow} null) or a sub-flow step ({@code authenticator} null). */
    public static AuthenticationExecutionExportRepresentation execution(String authenticator, String subflow,
                                                                        String requirement, int priority, String config) {
        AuthenticationExecutionExportRepresentation execution = new AuthenticationExecutionExportRepresentation();
        execution.setAuthenticator(authenticator);
        execution.setFlowAlias(subflow);
        execution.setAuthenticatorFlow(subflow != null);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        execution.setUserSetupAllowed(false);
        execution.setAuthenticatorConfig(config);
        return execution;
    }
}
