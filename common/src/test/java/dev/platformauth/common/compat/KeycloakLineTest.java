package dev.platformauth.common.compat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.Version;
import org.keycloak.models.OrganizationModel;

import java.lang.reflect.Method;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeycloakLineTest {

    @Test
    @DisplayName("given the compile API then the version is Keycloak's and a 26.7 class is found, a made-up one is not")
    void classes() {
        assertThat(KeycloakLine.version()).isEqualTo(Version.VERSION);
        assertThat(KeycloakLine.findClass("org.keycloak.models.OrganizationModel$OrganizationRemovedEvent"))
                .contains(OrganizationModel.OrganizationRemovedEvent.class);
        assertThat(KeycloakLine.findClass("org.keycloak.models.NoSuchModel")).isEmpty();
    }

    @Test
    @DisplayName("given a method looked up by name and parameters then it is called, and what it throws comes through unwrapped")
    void methods() {
        Method valueOf = KeycloakLine.method(Integer.class, "parseInt", String.class).orElseThrow();
        assertThat(KeycloakLine.invoke(valueOf, null, "42")).isEqualTo(42);
        assertThatThrownBy(() -> KeycloakLine.invoke(valueOf, null, "x")).isInstanceOf(NumberFormatException.class);
        assertThat(KeycloakLine.method(Integer.class, "parseInt", Object.class)).isEmpty();
    }

    @Test
    @DisplayName("given a feature turned off then the answer is false, every time")
    void featureOff() {
        assertThat(KeycloakLine.featureOff("a test feature", "a test API")).isFalse();
        assertThat(KeycloakLine.featureOff("a test feature", "a test API")).isFalse();
    }
}
