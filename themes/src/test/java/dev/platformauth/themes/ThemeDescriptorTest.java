package dev.platformauth.themes;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The platform-auth theme")
class ThemeDescriptorTest {

    private static Properties themeProperties(String type) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(ThemeFixtures.text("/theme/platform-auth/" + type + "/theme.properties")));
        return properties;
    }

    @Nested
    @DisplayName("given META-INF/keycloak-themes.json")
    class GivenTheDescriptor {

        @Test
        @DisplayName("then it declares platform-auth with the login and email types")
        void declaresTheme() {
            String json = ThemeFixtures.text("/META-INF/keycloak-themes.json").replaceAll("\\s+", "");
            assertThat(json).contains("\"name\":\"platform-auth\"").contains("\"types\":[\"login\",\"email\"]");
        }
    }

    @Nested
    @DisplayName("given its login type")
    class GivenTheLoginType {

        @Test
        @DisplayName("then it extends keycloak.v2 and keeps the parent's stylesheet before its own")
        void extendsKeycloakV2() throws IOException {
            Properties login = themeProperties("login");
            assertThat(login.getProperty("parent")).isEqualTo("keycloak.v2");
            assertThat(login.getProperty("styles").split("\\s+")).containsExactly("css/styles.css", "css/platform-auth.css");
        }

        @Test
        @DisplayName("then its stylesheet is packaged")
        void stylesheetExists() {
            assertThat(ThemeFixtures.text("/theme/platform-auth/login/resources/css/platform-auth.css")).contains("platform-auth");
        }
    }

    @Nested
    @DisplayName("given its email type")
    class GivenTheEmailType {

        @Test
        @DisplayName("then it extends the keycloak email theme")
        void extendsKeycloak() throws IOException {
            assertThat(themeProperties("email").getProperty("parent")).isEqualTo("keycloak");
        }
    }
}
