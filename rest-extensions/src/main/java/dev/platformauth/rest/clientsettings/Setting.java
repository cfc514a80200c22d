package dev.platformauth.rest.clientsettings;

import org.keycloak.provider.ProviderConfigProperty;

/**
 * One field of the "Platform Auth clients" page ({@link ClientSettingsPage}) and the client attribute
 * it is mirrored into; {@code min}/{@code max} bound whole-number fields (null: not a number). Field
 * names carry no dots (the console cannot round-trip them).
 */
record Setting(String field, String attribute, String label, String help, String type, String defaultValue,
               Integer min, Integer max, boolean secret) {

    static Setting flag(String field, String attribute, String label, String help, boolean defaultValue) {
        return new Setting(field, attribute, label, help, ProviderConfigProperty.BOOLEAN_TYPE,
                Boolean.toString(defaultValue), null, null, false);
    }

    static Setting seconds(String field, String attribute, String label, String help, int defaultValue, int min, int max) {
        return new Setting(field, attribute, label, help + " (" + min + " to " + max + ")",
                ProviderConfigProperty.STRING_TYPE, Integer.toString(defaultValue), min, max, false);
    }

    /** A whole number of seconds whose empty value leaves the decision to the default named in {@code help}. */
    static Setting optionalSeconds(String field, String attribute, String label, String help, int min, int max) {
        return new Setting(field, attribute, label, help + " (" + min + " to " + max + ")",
                ProviderConfigProperty.STRING_TYPE, "", min, max, false);
    }

    static Setting text(String field, String attribute, String label, String help, String defaultValue) {
        return new Setting(field, attribute, label, help, ProviderConfigProperty.STRING_TYPE, defaultValue, null, null, false);
    }
}
