package dev.platformauth.common.terms;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Terms log entry")
class TermsLogEntryTest {

    @Test
    @DisplayName("given a row when shown as JSON then the fields are camelCase in export order with an ISO-8601 time")
    void json() {
        TermsLogEntry entry = new TermsLogEntry("id-1", "user-1", "2025-01", 1_735_689_600_000L, "sentinel",
                "10.0.0.1", "curl/8", null, null, "api");
        assertThat(entry.toJson().keySet()).containsExactlyElementsOf(TermsLogEntry.FIELDS);
        assertThat(entry.toJson()).containsEntry("acceptedAt", "2025-01-01T00:00:00Z")
                .containsEntry("corpId", null).containsEntry("clientId", "sentinel");
    }

    @Test
    @DisplayName("given an over-long value when cut then it fits the column")
    void cut() {
        assertThat(TermsLog.cut("x".repeat(600), 512)).hasSize(512);
        assertThat(TermsLog.cut(null, 5)).isNull();
        assertThat(TermsLog.cut("short", 5)).isEqualTo("short");
    }
}
