package dev.platformauth.rest.account;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.services.ErrorResponseException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UsersPagingTest {

    @Test
    @DisplayName("given no value then the default; given a number in range then that number")
    void parses() {
        assertThat(UsersResource.paging("limit", null, 100, 1000)).isEqualTo(100);
        assertThat(UsersResource.paging("limit", "", 100, 1000)).isEqualTo(100);
        assertThat(UsersResource.paging("limit", "0", 100, 1000)).isZero();
        assertThat(UsersResource.paging("limit", "1000", 100, 1000)).isEqualTo(1000);
        assertThat(UsersResource.paging("skip", "42", 0, Integer.MAX_VALUE)).isEqualTo(42);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "1001", "abc", "1.5", "99999999999", " 5"})
    @DisplayName("given a negative, too large or non-integer value then 400 (422 on the auth-service routes)")
    void refuses(String value) {
        assertThatThrownBy(() -> UsersResource.paging("limit", value, 100, 1000))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getResponse().getStatus()).isEqualTo(400));
    }
}
