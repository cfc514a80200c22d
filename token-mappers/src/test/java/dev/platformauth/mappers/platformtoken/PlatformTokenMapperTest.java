package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests the mapper starts a platform token early for: those that can answer with tokens. */
class PlatformTokenMapperTest {

    @Test
    @DisplayName("given the admin API's example-token requests when the mapper runs then it starts no early signature")
    void adminRequestsAnswerWithoutTokens() {
        assertThat(PlatformTokenMapper.answersWithTokens("/admin/realms/acme/clients/c1/evaluate-scopes/generate-example-access-token"))
                .isFalse();
        assertThat(PlatformTokenMapper.answersWithTokens("admin/realms/acme/users/u1/impersonation")).isFalse();
        assertThat(PlatformTokenMapper.answersWithTokens("/admin")).isFalse();
    }

    @Test
    @DisplayName("given the token endpoint and the product's own sign-in routes when the mapper runs then it may sign early")
    void tokenRoutesAnswerWithTokens() {
        assertThat(PlatformTokenMapper.answersWithTokens("/realms/acme/protocol/openid-connect/token")).isTrue();
        assertThat(PlatformTokenMapper.answersWithTokens("/realms/acme/auth-service/api/v2/login/access-token")).isTrue();
        assertThat(PlatformTokenMapper.answersWithTokens("/realms/admin/protocol/openid-connect/token"))
                .as("a realm named admin").isTrue();
        assertThat(PlatformTokenMapper.answersWithTokens("/administration")).isTrue();
        assertThat(PlatformTokenMapper.answersWithTokens(null)).isTrue();
    }
}
