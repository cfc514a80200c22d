package dev.platformauth.common.terms;

/**
 * A filter of the acceptance log; null fields do not filter.
 *
 * @param userId       rows of this user id
 * @param version      rows of this terms version
 * @param organization rows whose organization id or {@code corpId} (alias) is this value
 * @param fromMillis   rows accepted at or after this instant (epoch milliseconds)
 * @param toMillis     rows accepted before this instant (epoch milliseconds, exclusive)
 */
public record TermsLogQuery(String userId, String version, String organization, Long fromMillis, Long toMillis) {

    /** Every row of the realm. */
    static TermsLogQuery all() {
        return new TermsLogQuery(null, null, null, null, null);
    }
}
