package dev.platformauth.rest.account;

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

    @Test
    @DisplayName("given a profile demanding both names when a one-word name is filled then the word is both; an empty name is the placeholder twice")
    void fillsDemandedParts() {
        assertThat(FullName.parse("Cher").filled(true, true)).isEqualTo(new FullName("Cher", "Cher"));
        assertThat(FullName.parse("").filled(true, true)).isEqualTo(new FullName("-", "-"));
        assertThat(FullName.parse(null).filled(false, true)).isEqualTo(new FullName(null, "-"));
        assertThat(FullName.parse("Ann Smith").filled(true, true)).isEqualTo(new FullName("Ann", "Smith"));
    }

    @Test
    @DisplayName("given a profile demanding nothing when filled then nothing is added")
    void fillsNothingUndemanded() {
        assertThat(FullName.parse("Cher").filled(false, false)).isEqualTo(new FullName("Cher", null));
        assertThat(FullName.parse(" ").filled(false, false)).isEqualTo(new FullName(null, null));
    }

    @Test
    @DisplayName("given parts stored from a kept full name when read then the kept name, also for repeated and placeholder parts")
    void readsTheKeptName() {
        assertThat(FullName.read("Cher", "Cher", "Cher")).isEqualTo("Cher");
        assertThat(FullName.read("Cher", null, "Cher")).isEqualTo("Cher");
        assertThat(FullName.read("Sirhan", "Sirhan", "Sirhan Sirhan")).isEqualTo("Sirhan Sirhan");
        assertThat(FullName.read("Ann Marie", "Smith", "Ann  Marie Smith")).isEqualTo("Ann Marie Smith");
    }

    @Test
    @DisplayName("given parts changed elsewhere (admin console) when read then the parts joined; placeholders read as nothing")
    void readsChangedParts() {
        assertThat(FullName.read("Ann", "Jones", "Ann Smith")).isEqualTo("Ann Jones");
        assertThat(FullName.read("Ann", "Smith", null)).isEqualTo("Ann Smith");
        assertThat(FullName.read("-", "-", null)).isNull();
        assertThat(FullName.read("Cher", "-", null)).isEqualTo("Cher");
        assertThat(FullName.read(null, null, null)).isNull();
    }
}
