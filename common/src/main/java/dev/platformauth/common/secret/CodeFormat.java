package dev.platformauth.common.secret;

import java.util.Locale;
import java.util.Optional;

/**
 * How an opaque sign-in code is written. Both carry at least 128 random bits.
 */
public enum CodeFormat {

    /**
     * 26 Crockford base-32 characters (130 bits) in dash-separated groups,
     * e.g. {@code 7KQ2M-9XHFA-...}: easy to read and to copy; case, blanks and dashes do not matter on
     * input, and the look-alikes O, I and L are read as 0, 1 and 1.
     */
    GROUPED("grouped"),

    /** 32 lower-case hexadecimal characters (128 bits), for machine-to-machine use. */
    HEX("hex");

    private final String configValue;

    CodeFormat(String configValue) {
        this.configValue = configValue;
    }

    String configValue() {
        return configValue;
    }

    public static Optional<CodeFormat> fromConfig(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String wanted = value.trim().toLowerCase(Locale.ROOT);
        for (CodeFormat format : values()) {
            if (format.configValue.equals(wanted)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
