package dev.platformauth.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Keycloak's own account REST API ({@code /realms/<realm>/account}), called with a bearer token. */
public final class KeycloakAccountApi {

    private final String url;

    public KeycloakAccountApi(String realmUrl) {
        this.url = realmUrl + "/account";
    }

    /** GET the profile the token's user sees. */
    public HttpResult profile(String bearer) {
        return Http.get(url, json(bearer));
    }

    /** Reads the profile with {@code bearer} (it must answer 200) and posts it back with {@code email}. */
    public HttpResult changeEmail(String bearer, String email) {
        HttpResult read = profile(bearer);
        assertThat(read.status()).as("the token reads the profile: " + read).isEqualTo(200);
        ObjectNode profile = (ObjectNode) read.json();
        profile.put("email", email);
        return Http.postJson(url, profile.toString(), json(bearer));
    }

    /** The bearer token and {@code Accept: application/json}: without it the same address serves the account console page. */
    private static Map<String, String> json(String bearer) {
        return Map.of("Authorization", "Bearer " + bearer, "Accept", "application/json");
    }

    /** DELETE one of the user's credentials. */
    public HttpResult deleteCredential(String bearer, String credentialId) {
        return Http.delete(url + "/credentials/" + credentialId, json(bearer));
    }
}
