package dev.platformauth.rest.terms;

import dev.platformauth.common.terms.TermsLogEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.services.ErrorResponseException;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Terms log export and filters")
class TermsLogExportTest {

    @Nested
    @DisplayName("given log rows")
    class GivenRows {

        @Test
        @DisplayName("when exported as CSV then there is a header, CRLF lines and RFC 4180 quoting")
        void csv() {
            TermsLogEntry entry = new TermsLogEntry("id-1", "user-1", "2025-01", 0L, "app", "10.0.0.1",
                    "Mozilla/5.0 (X11, \"Linux\")", null, "acme", "login");
            String csv = TermsLogCsv.of(List.of(entry));
            assertThat(csv).isEqualTo("id,userId,version,acceptedAt,clientId,ipAddress,userAgent,organizationId,corpId,source\r\n"
                    + "id-1,user-1,2025-01,1970-01-01T00:00:00Z,app,10.0.0.1,\"Mozilla/5.0 (X11, \"\"Linux\"\")\",,acme,login\r\n");
        }

        @Test
        @DisplayName("when a cell starts like a spreadsheet formula then it is defused with an apostrophe")
        void formulas() {
            assertThat(TermsLogCsv.cell("=HYPERLINK(\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"x\"\")\"");
            assertThat(TermsLogCsv.cell("+1")).isEqualTo("'+1");
            assertThat(TermsLogCsv.cell("@SUM")).isEqualTo("'@SUM");
            assertThat(TermsLogCsv.cell("plain")).isEqualTo("plain");
            assertThat(TermsLogCsv.cell("x;=HYPERLINK(\"y\");z")).as("kept whole where ; splits cells")
                    .isEqualTo("\"x;=HYPERLINK(\"\"y\"\");z\"");
            assertThat(TermsLogCsv.cell("x\t=1")).isEqualTo("\"x\t=1\"");
            assertThat(TermsLogCsv.cell(null)).isEmpty();
        }
    }

    @Nested
    @DisplayName("given query parameters")
    class GivenParameters {

        @Test
        @DisplayName("when times are dates, date-times or epoch milliseconds then they parse to epoch milliseconds")
        void times() {
            assertThat(TermsLogFilter.time("from", "2025-01-01")).isEqualTo(1_735_689_600_000L);
            assertThat(TermsLogFilter.time("from", "2025-01-01T01:00:00+01:00")).isEqualTo(1_735_689_600_000L);
            assertThat(TermsLogFilter.time("from", "1735689600000")).isEqualTo(1_735_689_600_000L);
            assertThat(TermsLogFilter.time("from", " ")).isNull();
        }

        @Test
        @DisplayName("when a time or number is malformed then it is a 400, and large pages are capped")
        void malformed() {
            assertThatThrownBy(() -> TermsLogFilter.time("to", "yesterday")).isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> TermsLogFilter.time("from", "+999999999-01-01T00:00:00Z"))
                    .as("too far from 1970 for epoch milliseconds").isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> TermsLogFilter.number("max", "-1", 10, 100)).isInstanceOf(ErrorResponseException.class);
            assertThatThrownBy(() -> TermsLogFilter.number("max", "1e3", 10, 100)).isInstanceOf(ErrorResponseException.class);
            assertThat(TermsLogFilter.number("max", "5000", 10, 100)).isEqualTo(100);
            assertThat(TermsLogFilter.number("max", null, 10, 100)).isEqualTo(10);
        }
    }
}
