package dev.platformauth.common.terms;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One acceptance as the APIs show it: the sentinel API's TCAcceptanceLog, camelCase.
 *
 * @param acceptedAt epoch milliseconds
 */
public record TermsLogEntry(String id, String userId, String version, long acceptedAt, String clientId,
                            String ipAddress, String userAgent, String organizationId, String corpId, String source) {

    /** Column order of the CSV export and field order of the JSON. */
    public static final List<String> FIELDS = List.of("id", "userId", "version", "acceptedAt", "clientId",
            "ipAddress", "userAgent", "organizationId", "corpId", "source");

    static TermsLogEntry of(TermsAcceptanceEntity row) {
        return new TermsLogEntry(row.getId(), row.getUserId(), row.getVersion(), row.getAcceptedAt(), row.getClientId(),
                row.getIpAddress(), row.getUserAgent(), row.getOrganizationId(), row.getCorpId(), row.getSource());
    }

    /** The JSON object: {@code acceptedAt} as an ISO-8601 instant, absent values as null. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        List<String> values = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            json.put(FIELDS.get(i), values.get(i));
        }
        return json;
    }

    /** The values in {@link #FIELDS} order, as strings (null for absent ones). */
    public List<String> values() {
        return java.util.Arrays.asList(id, userId, version, Instant.ofEpochMilli(acceptedAt).toString(), clientId,
                ipAddress, userAgent, organizationId, corpId, source);
    }
}
