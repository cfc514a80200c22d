package dev.platformauth.rest.authservice;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthServiceResourceTest {

    @Test
    @DisplayName("given paths of the API under either prefix (and a context root) then they speak its dialect")
    void apiPaths() {
        assertThat(AuthServiceResource.isApiPath("/realms/demo/auth-service/api/v2/login/access-token")).isTrue();
        assertThat(AuthServiceResource.isApiPath("/realms/demo/auth-service/api/users/")).isTrue();
        assertThat(AuthServiceResource.isApiPath("/auth/realms/demo/auth-service/api")).isTrue();
    }

    @Test
    @DisplayName("given other paths (the reset page, the sentinel API, look-alikes) then they do not")
    void otherPaths() {
        assertThat(AuthServiceResource.isApiPath("/realms/demo/auth-service/password-reset")).isFalse();
        assertThat(AuthServiceResource.isApiPath("/realms/demo/sentinel/api/v1.0/auth/token")).isFalse();
        assertThat(AuthServiceResource.isApiPath("/realms/demo/auth-service/apix/v2")).isFalse();
        assertThat(AuthServiceResource.isApiPath(null)).isFalse();
    }
}
