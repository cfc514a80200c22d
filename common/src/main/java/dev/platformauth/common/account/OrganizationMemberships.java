package dev.platformauth.common.account;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one reading of a user's organization memberships for claims (the platform token, the Okta
 * hook): the enabled Keycloak Organizations the user belongs to, each as {@code {"id", "alias"}}.
 */
public final class OrganizationMemberships {

    private OrganizationMemberships() {
    }

    /** Empty when the realm has organizations off (or the server lacks the feature). */
    public static List<Map<String, String>> of(KeycloakSession session, RealmModel realm, UserModel user) {
        if (!realm.isOrganizationsEnabled()) {
            return List.of();
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        if (organizations == null) {
            return List.of();
        }
        return organizations.getByMember(user)
                .filter(OrganizationModel::isEnabled)
                .map(org -> {
                    Map<String, String> entry = new LinkedHashMap<>();
                    entry.put("id", org.getId());
                    entry.put("alias", org.getAlias());
                    return entry;
                })
                .toList();
    }
}
