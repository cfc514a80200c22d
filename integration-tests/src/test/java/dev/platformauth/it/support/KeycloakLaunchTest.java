package dev.platformauth.it.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two backends run the same Keycloak: the same command, options, environment and files. */
class KeycloakLaunchTest {

    @TempDir
    Path dir;

    @Nested
    @DisplayName("given one launch")
    class SameLaunch {

        @Test
        @DisplayName("the container runs the distribution's command line")
        void sameCommandLine() throws IOException {
            KeycloakLaunch launch = launch();
            List<String> distribution = new DistributionKeycloakServer(dir.resolve("keycloak-26.7.0"), launch).command();
            ContainerKeycloakServer.LaunchContainer container = ContainerKeycloakServer.container(launch);
            container.configureNow();

            assertThat(distribution.get(0)).endsWith("/bin/kc.sh");
            List<String> containerCommand = new ArrayList<>(List.of(container.getCommandParts()));
            // the library's own option; without realm files in the image it imports nothing
            assertThat(containerCommand.remove("--import-realm")).isTrue();
            assertThat(containerCommand).isEqualTo(distribution.subList(1, distribution.size()))
                    .startsWith(KeycloakLaunch.COMMAND)
                    .contains("--http-host=127.0.0.1", "--http-port=" + launch.httpPort(), "--features=declarative-ui",
                            "--metrics-enabled=true");
            assertThat(container.getNetworkMode()).isEqualTo("host");
        }

        @Test
        @DisplayName("the container gets the distribution's files and environment")
        void sameFilesAndEnvironment() throws IOException {
            KeycloakLaunch launch = launch();
            ContainerKeycloakServer.LaunchContainer container = ContainerKeycloakServer.container(launch);
            container.configureNow();

            Map<String, String> expected = new TreeMap<>();
            launch.files().forEach((relative, source) -> expected.put(ContainerKeycloakServer.HOME + relative, source.toString()));
            assertThat(expected).containsOnlyKeys("/opt/keycloak/providers/keycloak-platform-auth-test.jar");
            assertThat(container.copiedFiles()).isEqualTo(expected);
            assertThat(container.getEnvMap()).containsAllEntriesOf(launch.environment());
        }
    }

    @Nested
    @DisplayName("given a bundle jar and the sources")
    class StaleJar {

        @Test
        @DisplayName("when a source changed after the jar was built then the run is refused")
        void olderJarIsRefused() throws IOException {
            Path jar = jarAndSource(60, 0);

            assertThatThrownBy(() -> KeycloakLaunch.requireFresh(jar, dir))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is older than common/src/main/java/Feature.java")
                    .hasMessageContaining("-am verify");
        }

        @Test
        @DisplayName("when the jar was built after every change then the run goes on")
        void newerJarIsUsed() throws IOException {
            Path jar = jarAndSource(0, 60);

            KeycloakLaunch.requireFresh(jar, dir);
        }

        /** The jar, built {@code jarAge} seconds ago; a source of the bundle changed {@code sourceAge} seconds ago. */
        private Path jarAndSource(long jarAge, long sourceAge) throws IOException {
            Path jar = jar();
            Path source = dir.resolve("common/src/main/java/Feature.java");
            Files.createDirectories(source.getParent());
            Files.writeString(source, "class Feature {}");
            Files.setLastModifiedTime(jar, FileTime.from(Instant.now().minusSeconds(jarAge)));
            Files.setLastModifiedTime(source, FileTime.from(Instant.now().minusSeconds(sourceAge)));
            return jar;
        }
    }

    private KeycloakLaunch launch() throws IOException {
        return new KeycloakLaunch("26.7.0", jar(), dir, "keycloak");
    }

    private Path jar() throws IOException {
        Path jar = dir.resolve("keycloak-platform-auth-test.jar");
        return Files.exists(jar) ? jar : Files.writeString(jar, "jar");
    }
}
