package dev.platformauth.rest.sso;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectUrisTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.test/cb?code=stolen", "https://app.example.test/cb?x=1&STATE=s",
            "https://app.example.test/cb?id%5Ftoken=t", "https://app.example.test/cb?kc_action_status=success",
            "https://app.example.test/cb?error"})
    @DisplayName("given a response parameter in the query then the redirect URI is refused on every line")
    void responseParameters(String uri) {
        assertThat(RedirectUris.carriesResponseParameter(uri)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.test/cb", "https://app.example.test/cb?tab=home&codes=1",
            "https://app.example.test/cb#code=fragment-is-not-the-query", "not a uri ^"})
    @DisplayName("given other parameters, none, or no URI at all then Keycloak's own check decides")
    void otherParameters(String uri) {
        assertThat(RedirectUris.carriesResponseParameter(uri)).isFalse();
    }
}
