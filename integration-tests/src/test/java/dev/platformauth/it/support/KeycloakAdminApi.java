package dev.platformauth.it.support;

/**
 * Keycloak's own admin REST API ({@code /admin/realms/<realm>}) and its broker token endpoint, called with a
 * bearer token: what a token could do at Keycloak beyond the bundle's routes.
 */
public final class KeycloakAdminApi {

    private final String realmUrl;
    private final String adminUrl;

    /** For the realm at {@code realmUrl} ({@code <base>/realms/<name>}). */
    public KeycloakAdminApi(String realmUrl) {
        this.realmUrl = realmUrl;
        int realms = realmUrl.lastIndexOf("/realms/");
        this.adminUrl = realmUrl.substring(0, realms) + "/admin" + realmUrl.substring(realms);
    }

    /** GET the realm's users (needs {@code view-users} or more). */
    public HttpResult users(String bearer) {
        return Http.get(adminUrl + "/users?max=1", Http.bearer(bearer));
    }

    /** POST Keycloak's own impersonation of {@code userId} (needs {@code impersonation}). */
    public HttpResult impersonate(String bearer, String userId) {
        return Http.postJson(adminUrl + "/users/" + userId + "/impersonation", "", Http.bearer(bearer));
    }

    /** GET the identity provider's stored token of the token's user (needs the broker client's {@code read-token}). */
    public HttpResult storedIdentityProviderToken(String bearer, String alias) {
        return Http.get(realmUrl + "/broker/" + alias + "/token", Http.bearer(bearer));
    }
}
