package dev.platformauth.it.support;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts one Keycloak and one GreenMail per test JVM (in the root store, so they are closed when
 * the whole run ends), injects them as parameters and prints the Keycloak log tail when a test fails.
 * Classes marked {@link KeycloakClusterTest} get a {@link KeycloakCluster} (and a GreenMail of their
 * own) instead, also one per JVM.
 */
public final class KeycloakExtension
        implements BeforeAllCallback, ParameterResolver, TestWatcher, LifecycleMethodExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KeycloakExtension.class);
    private static final int LOG_TAIL_LINES = 100;
    static final String BACKEND_PROPERTY = "keycloak.backend";

    @Override
    public void beforeAll(ExtensionContext context) {
        environment(context).started();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == KeycloakServer.class || type == MailServer.class || type == KeycloakCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Environment environment = environment(context);
        Class<?> type = parameter.getParameter().getType();
        if (type == KeycloakServer.class) {
            return environment.keycloak();
        }
        if (type == KeycloakCluster.class) {
            return environment.cluster();
        }
        if (type == MailServer.class) {
            return environment.mail();
        }
        throw new ParameterResolutionException("unsupported parameter " + parameter.getParameter());
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        printLogTail(context, context.getDisplayName());
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTail(context, "@BeforeAll of " + context.getDisplayName());
        throw throwable;
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable)
            throws Throwable {
        printLogTail(context, "@BeforeEach of " + context.getDisplayName());
        throw throwable;
    }

    private static void printLogTail(ExtensionContext context, String what) {
        Environment environment = context.getRoot().getStore(NAMESPACE).get(kind(context), Environment.class);
        if (environment == null || (environment.server == null && environment.cluster == null)) {
            return;
        }
        StringBuilder out = new StringBuilder()
                .append("\n===== ").append(what).append(" failed; last ").append(LOG_TAIL_LINES)
                .append(" lines of the Keycloak log =====\n");
        List<String> tail = environment.server != null ? environment.server.logTail(LOG_TAIL_LINES)
                : environment.cluster.logTails(LOG_TAIL_LINES);
        tail.forEach(line -> out.append(line).append('\n'));
        out.append("===== end of Keycloak log =====\n");
        System.out.print(out);
    }

    /** The Keycloak of this JVM, for other extensions of the harness ({@link ClassRealm}). */
    static KeycloakServer keycloak(ExtensionContext context) {
        return environment(context).keycloak();
    }

    /** The GreenMail of this JVM, for other extensions of the harness. */
    static MailServer mail(ExtensionContext context) {
        return environment(context).mail();
    }

    private static Environment environment(ExtensionContext context) {
        String kind = kind(context);
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(kind, key -> Environment.start(key.equals(CLUSTER)), Environment.class);
    }

    private static final String SINGLE = "single";
    private static final String CLUSTER = "cluster";

    /** Which servers the test class runs against: {@value #CLUSTER} for a {@link KeycloakClusterTest}, else {@value #SINGLE}. */
    private static String kind(ExtensionContext context) {
        for (Class<?> type = context.getTestClass().orElse(null); type != null; type = type.getEnclosingClass()) {
            if (type.isAnnotationPresent(KeycloakClusterTest.class)) {
                return CLUSTER;
            }
        }
        return SINGLE;
    }

    /**
     * The shared servers. A failed start is remembered, so the other test classes fail at once with
     * the same cause instead of waiting for another start.
     */
    static final class Environment implements AutoCloseable {

        private final MailServer mail;
        private final KeycloakServer server;
        private final KeycloakCluster cluster;
        private final RuntimeException startFailure;

        private Environment(MailServer mail, KeycloakServer server, KeycloakCluster cluster, RuntimeException startFailure) {
            this.mail = mail;
            this.server = server;
            this.cluster = cluster;
            this.startFailure = startFailure;
        }

        static Environment start(boolean clustered) {
            MailServer mail = MailServer.start();
            try {
                return clustered ? new Environment(mail, null, KeycloakCluster.startFromSystemProperties(), null)
                        : new Environment(mail, startServer(), null, null);
            } catch (RuntimeException e) {
                return new Environment(mail, null, null, e);
            }
        }

        /** The backend of {@code -Dkeycloak.backend}: {@code distribution} (default) or {@code container}. */
        private static KeycloakServer startServer() {
            String backend = System.getProperty(BACKEND_PROPERTY, "distribution").trim();
            return switch (backend) {
                case "distribution", "" -> DistributionKeycloakServer.startFromSystemProperties();
                case "container" -> ContainerKeycloakServer.startFromSystemProperties();
                default -> throw new IllegalStateException("unsupported -D" + BACKEND_PROPERTY + "=" + backend
                        + " (use distribution or container)");
            };
        }

        KeycloakServer keycloak() {
            started();
            return Optional.ofNullable(server).orElseThrow(() ->
                    new IllegalStateException("a cluster test asks for nodes of its KeycloakCluster, not a KeycloakServer"));
        }

        KeycloakCluster cluster() {
            started();
            return Optional.ofNullable(cluster).orElseThrow(() ->
                    new IllegalStateException("a KeycloakCluster is for classes marked @KeycloakClusterTest"));
        }

        MailServer mail() {
            started();
            return mail;
        }

        private void started() {
            if (startFailure != null) {
                throw new IllegalStateException("Keycloak did not start: " + startFailure.getMessage(), startFailure);
            }
        }

        @Override
        public void close() {
            try {
                if (server != null) {
                    server.close();
                }
                if (cluster != null) {
                    cluster.close();
                }
            } finally {
                mail.close();
            }
        }
    }
}
