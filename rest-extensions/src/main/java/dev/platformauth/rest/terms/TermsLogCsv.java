package dev.platformauth.rest.terms;

import dev.platformauth.common.terms.TermsLogEntry;

import java.util.List;

/**
 * The CSV export of the acceptance log (RFC 4180: comma, CRLF, quotes doubled). Cells that a
 * spreadsheet would run as a formula ({@code = + - @}, tab, CR at the start; the user agent is
 * caller-controlled) get a leading apostrophe; cells with a semicolon or tab are quoted, so that a
 * spreadsheet that splits on those (many locales do) keeps them whole.
 */
final class TermsLogCsv {

    private TermsLogCsv() {
    }

    static String of(List<TermsLogEntry> entries) {
        StringBuilder csv = new StringBuilder();
        line(csv, TermsLogEntry.FIELDS);
        for (TermsLogEntry entry : entries) {
            line(csv, entry.values());
        }
        return csv.toString();
    }

    private static void line(StringBuilder csv, List<String> values) {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                csv.append(',');
            }
            csv.append(cell(values.get(i)));
        }
        csv.append("\r\n");
    }

    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String safe = "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        // a semicolon or tab is quoted too: spreadsheets in many locales split CSV on them, and the part
        // after one would start a new, undefused cell
        boolean quote = safe.chars().anyMatch(c -> ",\";\t\n\r".indexOf(c) >= 0);
        return quote ? "\"" + safe.replace("\"", "\"\"") + "\"" : safe;
    }
}
