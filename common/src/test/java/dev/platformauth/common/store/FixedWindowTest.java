package dev.platformauth.common.store;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("FixedWindow: counting windows at fixed times")
class FixedWindowTest {

    @Test
    @DisplayName("given a moment inside a window then its number is the moment divided by the length and the rest runs to its end")
    void inside() {
        FixedWindow window = FixedWindow.at(7205, 3600);
        assertThat(window.number()).isEqualTo(2);
        assertThat(window.secondsLeft()).isEqualTo(3595);
        assertThat(window.slotLifespan()).as("slots end just after the window").isEqualTo(3596);
    }

    @Test
    @DisplayName("given the first and the last second of a window then the whole length and one second are left")
    void edges() {
        assertThat(FixedWindow.at(7200, 3600)).isEqualTo(new FixedWindow(3600, 2, 3600));
        assertThat(FixedWindow.at(10799, 3600)).isEqualTo(new FixedWindow(3600, 2, 1));
        assertThat(FixedWindow.at(10800, 3600).number()).isEqualTo(3);
    }

    @Test
    @DisplayName("given a subject then each window and each window length counts it apart")
    void subjects() {
        String first = FixedWindow.at(7200, 3600).subject("user-1");
        assertThat(first).isEqualTo("user-1@3600:2");
        assertThat(FixedWindow.at(10800, 3600).subject("user-1")).isNotEqualTo(first);
        assertThat(FixedWindow.at(7200, 1800).subject("user-1")).isNotEqualTo(first);
        assertThat(FixedWindow.at(7200, 3600).subject("user-2")).isNotEqualTo(first);
    }

    @Test
    @DisplayName("given a length below one second then one second is used")
    void lengthAtLeastOne() {
        assertThat(FixedWindow.at(5, 0)).isEqualTo(new FixedWindow(1, 5, 1));
    }
}
