package dev.platformauth.rest.okta;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The response of Okta's token inline hook: {@code {"commands": [{"type": "com.okta.access.patch",
 * "value": [{"op": "add", "path": "/claims/<name>", "value": …}, …]}, …]}}. A command per token that
 * Okta is minting and the settings allow (Okta rejects commands for tokens it did not ask about); no
 * claims, no commands.
 */
final class OktaHookCommands {

    static final String ACCESS_PATCH = "com.okta.access.patch";
    static final String IDENTITY_PATCH = "com.okta.identity.patch";

    private OktaHookCommands() {
    }

    static Map<String, Object> of(Map<String, Object> claims, OktaHookRequest request, Set<String> tokens) {
        List<Map<String, Object>> commands = new ArrayList<>();
        if (!claims.isEmpty()) {
            if (request.access() && tokens.contains(OktaHookSettings.ACCESS_TOKEN)) {
                commands.add(command(ACCESS_PATCH, claims));
            }
            if (request.identity() && tokens.contains(OktaHookSettings.ID_TOKEN)) {
                commands.add(command(IDENTITY_PATCH, claims));
            }
        }
        return Map.of("commands", commands);
    }

    private static Map<String, Object> command(String type, Map<String, Object> claims) {
        List<Map<String, Object>> operations = new ArrayList<>();
        claims.forEach((name, value) -> {
            Map<String, Object> operation = new LinkedHashMap<>();
            operation.put("op", "add");
            operation.put("path", "/claims/" + name);
            operation.put("value", value);
            operations.add(operation);
        });
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("type", type);
        command.put("value", operations);
        return command;
    }
}
