package dev.platformauth.rest.authservice;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FullNameTest {

    @Test
    @DisplayName("given several words when parsed then the last is the last name and the rest the first name")
    void splitsAtTheLastWord() {
        assertThat(FullName.parse("Ann Marie  Smith ")).isEqualTo(new FullName("Ann Marie", "Smith"));
        assertThat(FullName.parse("Pro Dev")).isEqualTo(new FullName("Pro", "Dev"));
    }

    @Test
    @DisplayName("given one word or nothing when parsed then a first name only, or nothing")
    void oneWordOrBlank() {
        assertThat(FullName.parse("Cher")).isEqualTo(new FullName("Cher", null));
        assertThat(FullName.parse("   ")).isEqualTo(new FullName(null, null));
        assertThat(FullName.parse(null)).isEqualTo(new FullName(null, null));
    }

    @Test
    @DisplayName("given first and last names when joined then one space between, and null when both are missing")
    void joins() {
        assertThat(FullName.join("Ann Marie", "Smith")).isEqualTo("Ann Marie Smith");
        assertThat(FullName.join("Cher", null)).isEqualTo("Cher");
        assertThat(FullName.join(null, "Smith")).isEqualTo("Smith");
        assertThat(FullName.join(null, " ")).isNull();
        assertThat(FullName.join(FullName.parse("a b c").firstName(), FullName.parse("a b c").lastName())).isEqualTo("a b c");
    }
}
