package dev.platformauth.rest.terms;

import dev.platformauth.common.account.Accounts;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.terms.TermsLog;
import dev.platformauth.common.terms.TermsLogEntry;
import dev.platformauth.common.terms.TermsLogQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code /admin/realms/{realm}/platform-auth-terms}: the acceptance log for realm administrators
 * (holders of realm-management {@code view-events}, which {@code realm-admin} includes): query by
 * user, version, organization and time, paged, and export as CSV or JSON. Read-only: the log has
 * no update or delete.
 */
public final class TermsAdminResource {

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;

    TermsAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
    }

    /** One page of matching rows, newest first: {@code {total, first, max, items}}. */
    @GET
    @Path("acceptances")
    @Produces(MediaType.APPLICATION_JSON)
    public Response query(@QueryParam("user") String user, @QueryParam("version") String version,
                          @QueryParam("organization") String organization, @QueryParam("from") String from,
                          @QueryParam("to") String to, @QueryParam("first") String first, @QueryParam("max") String max) {
        requireViewEvents();
        TermsLogQuery query = query(user, version, organization, from, to);
        int firstRow = TermsLogFilter.number("first", first, 0, Integer.MAX_VALUE);
        int maxRows = TermsLogFilter.number("max", max, TermsLogFilter.DEFAULT_MAX, TermsLogFilter.MAX_PAGE);
        TermsLog log = TermsLog.of(session);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("total", log.count(realm.getId(), query));
        page.put("first", firstRow);
        page.put("max", maxRows);
        page.put("items", log.find(realm.getId(), query, firstRow, maxRows).stream().map(TermsLogEntry::toJson).toList());
        return Response.ok(page, MediaType.APPLICATION_JSON_TYPE).header("Cache-Control", "no-store").build();
    }

    /**
     * The matching rows as a download, newest first, at most {@value TermsLogFilter#MAX_EXPORT} per
     * request ({@code first} pages further; {@code X-Total-Count} tells how many match).
     */
    @GET
    @Path("acceptances/export")
    @Produces({"text/csv", MediaType.APPLICATION_JSON})
    public Response export(@QueryParam("format") String format, @QueryParam("user") String user,
                           @QueryParam("version") String version, @QueryParam("organization") String organization,
                           @QueryParam("from") String from, @QueryParam("to") String to,
                           @QueryParam("first") String first, @QueryParam("max") String max) {
        requireViewEvents();
        String kind = format == null || format.isBlank() ? "csv" : format.trim().toLowerCase(Locale.ROOT);
        if (!kind.equals("csv") && !kind.equals("json")) {
            throw JsonErrors.badRequest("Query parameter 'format' must be csv or json");
        }
        TermsLogQuery query = query(user, version, organization, from, to);
        int firstRow = TermsLogFilter.number("first", first, 0, Integer.MAX_VALUE);
        int maxRows = TermsLogFilter.number("max", max, TermsLogFilter.MAX_EXPORT, TermsLogFilter.MAX_EXPORT);
        TermsLog log = TermsLog.of(session);
        long total = log.count(realm.getId(), query);
        List<TermsLogEntry> rows = log.find(realm.getId(), query, firstRow, maxRows);
        String fileName = "terms-acceptances-" + realm.getName().replaceAll("[^A-Za-z0-9._-]", "_") + "." + kind;
        Response.ResponseBuilder response = kind.equals("csv")
                ? Response.ok(TermsLogCsv.of(rows), "text/csv; charset=utf-8")
                : Response.ok(rows.stream().map(TermsLogEntry::toJson).toList(), MediaType.APPLICATION_JSON_TYPE);
        return response.header("Content-Disposition", "attachment; filename=\"" + fileName + "\"")
                .header("X-Total-Count", total)
                .header("Cache-Control", "no-store")
                .build();
    }

    private TermsLogQuery query(String user, String version, String organization, String from, String to) {
        return new TermsLogQuery(userId(TermsLogFilter.text(user)), TermsLogFilter.text(version),
                TermsLogFilter.text(organization), TermsLogFilter.time("from", from), TermsLogFilter.time("to", to));
    }

    /** A user id, or the id of the user with that username or email; an unknown value filters by itself (deleted users). */
    private String userId(String user) {
        if (user == null) {
            return null;
        }
        UserModel byId = session.users().getUserById(realm, user);
        if (byId != null) {
            return byId.getId();
        }
        UserModel byName = Accounts.byNameOrEmail(session, realm, user);
        return byName != null ? byName.getId() : user;
    }

    private void requireViewEvents() {
        if (!auth.realm().canViewEvents()) {
            throw JsonErrors.exception(Response.Status.FORBIDDEN, JsonErrors.FORBIDDEN,
                    "Reading the terms log needs the realm-management view-events role");
        }
    }
}
