package dev.platformauth.rest.entitytoken;

import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.OperationType;
import org.keycloak.events.admin.ResourceType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ends entity-token grant sessions when an administrator disables their user or their organization.
 * Keycloak has no provider event for either change, so this listens to the admin events of the
 * change ({@code USER} / {@code ORGANIZATION} {@code UPDATE} of {@code users/<id>} or
 * {@code organizations/<id>}, sent in the request's transaction) and looks at the model: a disabled
 * user loses every grant session, a disabled organization the grant sessions of all its tokens. The
 * tokens themselves stay (they work again once re-enabled, like the rest of the account), but the
 * access tokens issued before stop at once. Removals and members leaving are handled by Keycloak's
 * provider events ({@link EntityTokenJpaProviderFactory}).
 */
final class EntityTokenDisableListener implements EventListenerProvider {

    private static final Pattern USER_PATH = Pattern.compile("users/([^/]{1,64})");
    private static final Pattern ORGANIZATION_PATH = Pattern.compile("organizations/([^/]{1,64})");

    private final KeycloakSession session;

    EntityTokenDisableListener(KeycloakSession session) {
        this.session = session;
    }

    @Override
    public void onEvent(Event event) {
        // user events change nothing here
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (event.getOperationType() != OperationType.UPDATE || event.getResourcePath() == null || event.getRealmId() == null) {
            return;
        }
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        if (realm == null) {
            return;
        }
        if (event.getResourceType() == ResourceType.USER) {
            idIn(USER_PATH, event.getResourcePath())
                    .map(id -> session.users().getUserById(realm, id))
                    .filter(user -> !user.isEnabled())
                    .ifPresent(user -> EntityTokenSessions.endAll(session, realm, user));
        } else if (event.getResourceType() == ResourceType.ORGANIZATION) {
            idIn(ORGANIZATION_PATH, event.getResourcePath())
                    .map(id -> Entities.find(session, id))
                    .filter(organization -> !organization.isEnabled())
                    .map(OrganizationModel::getId)
                    .ifPresent(id -> EntityTokenSessions.end(session, new EntityTokenStore(session).ofEntity(id)));
        }
    }

    private static Optional<String> idIn(Pattern pattern, String path) {
        Matcher matcher = pattern.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    @Override
    public void close() {
    }
}
