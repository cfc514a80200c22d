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

    @Test
    @DisplayName("given text when read as a whole number then only an exact number counts, and an int must fit")
    void wholeNumbers() {
        assertThat(ConfigValues.wholeNumber("42")).hasValue(42L);
        assertThat(ConfigValues.wholeNumber("-7")).hasValue(-7L);
        assertThat(ConfigValues.wholeNumber(" 42")).isEmpty();
        assertThat(ConfigValues.wholeNumber("4.2")).isEmpty();
        assertThat(ConfigValues.wholeNumber(null)).isEmpty();
        assertThat(ConfigValues.intNumber("2147483647")).hasValue(Integer.MAX_VALUE);
        assertThat(ConfigValues.intNumber("2147483648")).isEmpty();
        assertThat(ConfigValues.wholeNumber("2147483648")).hasValue(2_147_483_648L);
    }

    @Test
    @DisplayName("given long settings when read with longIn and longOr then in-range numbers count, the rest falls back")
    void longs() {
        assertThat(ConfigValues.longIn(" 31536000 ", 1, 31_536_000L, 604_800L)).isEqualTo(31_536_000L);
        assertThat(ConfigValues.longIn("31536001", 1, 31_536_000L, 604_800L)).isEqualTo(604_800L);
        assertThat(ConfigValues.longIn("9999999999999999999999", 1, 31_536_000L, 604_800L)).isEqualTo(604_800L);
        assertThat(ConfigValues.longIn(null, 1, 10, 5)).isEqualTo(5);
        assertThat(ConfigValues.longOr("1700000000", 0)).isEqualTo(1_700_000_000L);
        assertThat(ConfigValues.longOr("never", 0)).isZero();
    }

    @Test
    @DisplayName("given an int setting beyond an int when checked then it is not a whole number of the unit; a long check ranges it")
    void checkBeyondInt() {
        List<String> problems = new ArrayList<>();
        ConfigValues.checkInt("3000000000", 1, 10, "Lifetime", "seconds", problems);
        ConfigValues.checkLong("3000000000", 1, 10, "Lifetime", "seconds", problems);
        ConfigValues.checkLong(" 7 ", 1, 10, "Lifetime", "seconds", problems);
        assertThat(problems).containsExactly("Lifetime must be a whole number of seconds",
                "Lifetime must be between 1 and 10 seconds");
    }
}
