package dev.platformauth.rest.magiclink;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.models.ClientModel;
import org.keycloak.services.ErrorResponseException;

import java.util.LinkedHashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("Where an API magic link may point")
class MagicLinkRedirectTest {

    private static ClientModel clientWith(String... redirectUris) {
        ClientModel client = mock(ClientModel.class);
        when(client.getRedirectUris()).thenReturn(new LinkedHashSet<>(List.of(redirectUris)));
        return client;
    }

    private static void assertRefused(ClientModel client, String requested) {
        assertThatThrownBy(() -> MagicLinkRedirect.resolve(client, requested))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }

    @Nested
    @DisplayName("given a requested redirect_uri")
    class Requested {

        private final ClientModel client = clientWith("https://app.example.test/magic", "https://app.example.test/*",
                "http://127.0.0.1/*", "http://localhost:3000/cb");

        @Test
        @DisplayName("when the client registers exactly that URI then the link points at it")
        void exact() {
            assertThat(MagicLinkRedirect.resolve(client, "https://app.example.test/magic")).isEqualTo("https://app.example.test/magic");
            assertThat(MagicLinkRedirect.resolve(client, "http://localhost:3000/cb")).isEqualTo("http://localhost:3000/cb");
        }

        @ParameterizedTest(name = "when it only matches a pattern ({0}) then 400")
        @ValueSource(strings = {"https://app.example.test/attacker", "https://app.example.test/magic?x=1",
                "https://app.example.test/magic/", "http://127.0.0.1:9999/steal", "http://localhost:3001/cb",
                "HTTPS://app.example.test/magic", "https://app.example.test/*"})
        void patternsDoNotCount(String requested) {
            assertRefused(client, requested);
        }
    }

    @Nested
    @DisplayName("given no redirect_uri")
    class Default {

        @Test
        @DisplayName("when the client registers one absolute URI without a wildcard then the link points at it")
        void single() {
            assertThat(MagicLinkRedirect.resolve(clientWith("https://app.example.test/only"), null))
                    .isEqualTo("https://app.example.test/only");
        }

        @Test
        @DisplayName("when the client registers several, a wildcard, a relative or a non-http URI then 400")
        void ambiguousOrPattern() {
            assertRefused(clientWith("https://a.example.test/x", "https://b.example.test/y"), null);
            assertRefused(clientWith("https://app.example.test/*"), null);
            assertRefused(clientWith("/relative"), null);
            assertRefused(clientWith("myapp://callback"), null);
            assertRefused(clientWith(), null);
        }
    }
}
