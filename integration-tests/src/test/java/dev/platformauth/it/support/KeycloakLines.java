package dev.platformauth.it.support;

/** The Keycloak line under test ({@code keycloak.version}), for the few behaviours that differ between lines. */
public final class KeycloakLines {

    private KeycloakLines() {
    }

    /**
     * Whether Keycloak asks the grant type that issued a token, at each bearer check, whether the token may
     * serve the request (26.7 on): there the entity-token grant's tokens are refused at Keycloak's admin
     * and protection APIs before any role is read.
     */
    public static boolean asksTheGrantType() {
        return atLeast(26, 7);
    }

    static boolean atLeast(int major, int minor) {
        String[] parts = System.getProperty("keycloak.version", "").split("\\.");
        if (parts.length < 2) {
            throw new IllegalStateException("keycloak.version is not set: run the tests through Maven");
        }
        int runMajor = Integer.parseInt(parts[0]);
        return runMajor > major || (runMajor == major && Integer.parseInt(parts[1]) >= minor);
    }
}
