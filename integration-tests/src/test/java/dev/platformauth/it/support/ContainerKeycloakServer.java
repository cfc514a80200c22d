package dev.platformauth.it.support;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dasniko.testcontainers.keycloak.ExtendableKeycloakContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * Runs the {@code quay.io/keycloak/keycloak:<keycloak.version>} image through
 * {@code testcontainers-keycloak} ({@code -Dkeycloak.backend=container}; needs a Docker engine). The
 * container gets exactly what the distribution backend runs ({@link KeycloakLaunch}): the same
 * {@code start-dev} options, environment and files. It uses the host's network, so Keycloak listens on
 * the same loopback ports and reaches the same mail server and database as a distribution would; the
 * container's output goes to the same kind of log file. Dev-mode H2 lives in the container, so a
 * {@link #restart()} keeps its data only with {@code -Dkeycloak.db=postgres}.
 */
final class ContainerKeycloakServer extends LaunchedKeycloakServer {

    static final String IMAGE = "quay.io/keycloak/keycloak";
    /** Where the image keeps Keycloak. */
    static final String HOME = "/opt/keycloak/";

    private LaunchContainer container;

    private ContainerKeycloakServer(KeycloakLaunch launch) {
        super(launch);
    }

    /** Starts a container for the launch properties failsafe sets; its log is {@code target/keycloak-container-<version>.log}. */
    static ContainerKeycloakServer startFromSystemProperties() {
        Path target = Path.of(KeycloakLaunch.requiredProperty("project.build.directory"));
        ContainerKeycloakServer server = new ContainerKeycloakServer(KeycloakLaunch.fromSystemProperties(target, "keycloak-container"));
        server.start(true);
        return server;
    }

    /** The container for {@code launch}, not started (a start configures it: {@link LaunchContainer#configureNow}). */
    static LaunchContainer container(KeycloakLaunch launch) {
        LaunchContainer container = new LaunchContainer(IMAGE + ":" + launch.version());
        container.withNetworkMode("host");
        container.setExposedPorts(List.of());
        container.withAdminUsername(KeycloakLaunch.ADMIN_USERNAME).withAdminPassword(KeycloakLaunch.ADMIN_PASSWORD);
        launch.environment().forEach(container::withEnv);
        // dev mode's own theme caching, as the distribution runs it
        container.withDisabledCaching();
        container.withProviderLibsFrom(launch.files().values().stream().map(Path::toFile).toList());
        launch.options().forEach(container::withCustomCommand);
        container.waitingFor(Wait.forLogMessage(".*Listening on: .*", 1).withStartupTimeout(Duration.ofMinutes(10)));
        return container;
    }

    @Override
    String backend() {
        return "container " + IMAGE + ":" + launch.version();
    }

    @Override
    void startServer(boolean firstStart) {
        container = container(launch);
        container.withLogConsumer((OutputFrame frame) -> log(frame.getUtf8StringWithoutLineEnding()));
        container.start();
    }

    @Override
    String notRunning() {
        return container != null && container.isRunning() ? null : "container is not running";
    }

    @Override
    void stopServer() {
        if (container != null) {
            container.stop();
            container = null;
        }
    }

    /** The library's container, with its configuration step callable without starting it. */
    static final class LaunchContainer extends ExtendableKeycloakContainer<LaunchContainer> {

        LaunchContainer(String image) {
            super(image);
        }

        /**
         * A logger of its own: the library's names the resolved image, which asks the Docker engine,
         * and the configuration must be readable without one.
         */
        @Override
        protected Logger logger() {
            return LoggerFactory.getLogger(ContainerKeycloakServer.class);
        }

        /** Sets the command and the files to copy, as a start would. */
        void configureNow() {
            configure();
        }

        /** The files copied in, by their path in the container. */
        Map<String, String> copiedFiles() {
            Map<String, String> files = new TreeMap<>();
            getCopyToFileContainerPathMap().forEach((file, containerPath) -> files.put(containerPath, file.getResolvedPath()));
            return files;
        }
    }
}
