package dev.platformauth.rest.http;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.ErrorResponseException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BearerAuthTest {

    @Test
    @DisplayName("given a Bearer header in any letter case when parsed then the token comes out")
    void parsesBearer() {
        assertThat(BearerAuth.parse("Bearer abc.def.ghi")).isEqualTo("abc.def.ghi");
        assertThat(BearerAuth.parse("bearer abc")).isEqualTo("abc");
        assertThat(BearerAuth.parse("BEARER  abc ")).isEqualTo("abc");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a b", "Token abc"})
    @DisplayName("given anything but one Bearer credential when parsed then 401 invalid_token with a challenge")
    void refusesOthers(String header) {
        assertThatThrownBy(() -> BearerAuth.parse(header))
                .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                    assertThat(e.getResponse().getStatus()).isEqualTo(401);
                    assertThat(e.getResponse().getHeaderString("WWW-Authenticate")).startsWith("Bearer");
                    @SuppressWarnings("unchecked")
                    Map<String, String> body = (Map<String, String>) e.getResponse().getEntity();
                    assertThat(body).containsEntry("error", "invalid_token");
                    assertThat(body.get("error_description")).doesNotContain("dXNlcjpwYXNz");
                });
    }
}
