package dev.platformauth.common.config;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigValuesTest {

    @Test
    @DisplayName("given values in, out of range, blank or not numbers when read with intIn then only in-range numbers count")
    void intIn() {
        assertThat(ConfigValues.intIn(" 120 ", 1, 600, 300)).isEqualTo(120);
        assertThat(ConfigValues.intIn("601", 1, 600, 300)).isEqualTo(300);
        assertThat(ConfigValues.intIn("0", 1, 600, 300)).isEqualTo(300);
        assertThat(ConfigValues.intIn("", 1, 600, 300)).isEqualTo(300);
        assertThat(ConfigValues.intIn(null, 1, 600, 300)).isEqualTo(300);
        assertThat(ConfigValues.intIn("soon", 1, 600, 300)).isEqualTo(300);
    }

    @Test
    @DisplayName("given auth-note values when read with intOr then numbers come back, anything else is the fallback")
    void intOr() {
        assertThat(ConfigValues.intOr("3", 0)).isEqualTo(3);
        assertThat(ConfigValues.intOr("-2", 0)).isEqualTo(-2);
        assertThat(ConfigValues.intOr(null, 0)).isZero();
        assertThat(ConfigValues.intOr("x", 7)).isEqualTo(7);
    }

    @Test
    @DisplayName("given set values when checked then out-of-range and non-numbers are reported, unset ones are not")
    void checkInt() {
        List<String> problems = new ArrayList<>();
        ConfigValues.checkInt(null, 1, 10, "Lifetime", "seconds", problems);
        ConfigValues.checkInt("5", 1, 10, "Lifetime", "seconds", problems);
        assertThat(problems).isEmpty();
        ConfigValues.checkInt("11", 1, 10, "Lifetime", "seconds", problems);
        ConfigValues.checkInt("ten", 1, 10, "Lifetime", "seconds", problems);
        assertThat(problems).containsExactly("Lifetime must be between 1 and 10 seconds",
                "Lifetime must be a whole number of seconds");
    }
}
