package dev.platformauth.common.mail;

import org.jboss.logging.Logger;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.List;
import java.util.Map;

/**
 * Sends our templated mails through Keycloak's email template provider, so they render with the
 * realm's email theme (our templates ship as theme resources) and its SMTP settings.
 */
public final class PlatformMailer {

    private static final Logger LOG = Logger.getLogger(PlatformMailer.class);

    private PlatformMailer() {
    }

    /**
     * Sends {@code template} (html/ and text/ variants) to the user's address. Returns false when the
     * mail could not be sent; the reason is logged without any of the attributes (they hold secrets).
     */
    public static boolean send(KeycloakSession session, RealmModel realm, UserModel user, String subjectKey,
                               String template, Map<String, Object> attributes) {
        if (user.getEmail() == null || user.getEmail().isBlank()) {
            return false;
        }
        String realmName = realm.getDisplayName() != null && !realm.getDisplayName().isBlank()
                ? realm.getDisplayName() : realm.getName();
        try {
            session.getProvider(EmailTemplateProvider.class)
                    .setRealm(realm)
                    .setUser(user)
                    .send(subjectKey, List.of(realmName), template, new java.util.HashMap<>(attributes));
            return true;
        } catch (EmailException e) {
            LOG.warnf("Could not send %s mail to user %s in realm %s: %s", template, user.getId(), realm.getName(),
                    e.getCause() != null ? e.getCause().getClass().getSimpleName() : e.getClass().getSimpleName());
            return false;
        }
    }
}
