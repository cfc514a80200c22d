package dev.platformauth.rest.clientsettings;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.RealmWideSettings;
import dev.platformauth.common.secret.SecretCodes;
import dev.platformauth.rest.account.GlobalAdmins;
import dev.platformauth.rest.loginas.LoginAs;
import dev.platformauth.rest.okta.OktaHookSettings;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * Where the settings page's records are kept: each field in the attribute the APIs read, on the record's
 * client; the two that decide who holds a power on the realm ({@link RealmWideSettings}); the Okta hook
 * secret only as its SHA-256, as whoever may view a client reads its attributes.
 */
final class SettingStorage {

    /**
     * The settings kept as realm attributes ({@link RealmWideSettings}: they decide who holds a power), by the
     * client whose record sets them; a record of another client leaves them alone.
     */
    static final Map<String, String> REALM_WIDE = Map.of(
            GlobalAdmins.SUPERUSER_ROLE_ATTRIBUTE, PlatformAuth.AUTH_SERVICE_CLIENT_ID,
            LoginAs.ROLE_ATTRIBUTE, PlatformAuth.SENTINEL_CLIENT_ID);

    private SettingStorage() {
    }

    static void apply(RealmModel realm, ComponentModel model) {
        ClientModel client = realm.getClientByClientId(model.get(ClientSettingsPage.CLIENT));
        if (client == null) {
            return;
        }
        ClientSettingsPage.ATTRIBUTES.forEach((field, attribute) -> {
            String value = model.get(field);
            boolean blank = value == null || value.isBlank();
            String owner = REALM_WIDE.get(attribute);
            if (attribute.equals(OktaHookSettings.SECRET_HASH_ATTRIBUTE)) {
                // only its hash: the client's attributes are shown to whoever may view the client
                client.removeAttribute(OktaHookSettings.SECRET_ATTRIBUTE);
                if (blank) {
                    client.removeAttribute(attribute);
                } else {
                    client.setAttribute(attribute, SecretCodes.sha256Hex(value.trim()));
                }
            } else if (owner == null) {
                if (blank) {
                    client.removeAttribute(attribute);
                } else {
                    client.setAttribute(attribute, value.trim());
                }
            } else if (owner.equals(client.getClientId())) {
                client.removeAttribute(attribute);
                if (blank) {
                    realm.removeAttribute(attribute);
                } else {
                    realm.setAttribute(attribute, value.trim());
                }
            }
        });
    }

    static void clear(RealmModel realm, String clientId) {
        ClientModel client = clientId == null ? null : realm.getClientByClientId(clientId);
        if (client != null) {
            ClientSettingsPage.ATTRIBUTES.values().forEach(client::removeAttribute);
            REALM_WIDE.forEach((attribute, owner) -> {
                if (owner.equals(clientId)) {
                    realm.removeAttribute(attribute);
                }
            });
        }
    }
}
