package dev.platformauth.rest.sentinel;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.representations.AccessTokenResponse;

import java.util.LinkedHashMap;
import java.util.Map;

/** The sentinel API's token result: {@code {"token", "tokenType": "Bearer", "expiresIn"}}. */
final class SentinelToken {

    private SentinelToken() {
    }

    static Response of(AccessTokenResponse tokens) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token", tokens.getToken());
        body.put("tokenType", "Bearer");
        body.put("expiresIn", tokens.getExpiresIn());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE)
                .header("Cache-Control", "no-store")
                .header("Pragma", "no-cache")
                .build();
    }
}
