package dev.platformauth.common.config;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings that decide who holds a power (the superuser role, the login-as role) are realm attributes:
 * changing a realm needs {@code manage-realm}, while a client's attributes are open to whoever may
 * configure that client ({@code manage-clients}, or Keycloak's fine-grained <em>configure</em> of that
 * one client), who must not be able to make themselves a user administrator. A client attribute of the
 * same name is not read; it is reported once per realm, client and setting, so that an operator who
 * set it there learns where it belongs.
 */
public final class RealmWideSettings {

    private static final Logger LOG = Logger.getLogger(RealmWideSettings.class);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private RealmWideSettings() {
    }

    /** The realm attribute {@code name}, trimmed, or null when unset or blank. */
    public static String read(RealmModel realm, ClientModel client, String name) {
        String ignored = client == null ? null : client.getAttribute(name);
        if (ignored != null && !ignored.isBlank() && REPORTED.add(realm.getId() + "/" + client.getId() + "/" + name)) {
            LOG.warnf("Realm %s: the client attribute %s of client %s is not read; set it as a realm attribute "
                    + "(the Platform Auth settings page of the client does)", realm.getName(), name, client.getClientId());
        }
        String value = realm.getAttribute(name);
        return value == null || value.isBlank() ? null : value.trim();
    }
}
