package dev.platformauth.rest.entities;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Registers {@link EntityTokenDisableListener} as a <em>global</em> event listener: it hears the admin
 * events of every realm without being added to a realm's event listeners.
 */
@AutoService(EventListenerProviderFactory.class)
public final class EntityTokenDisableListenerFactory implements EventListenerProviderFactory,
        StatelessProviderFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-entity-token-sessions";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new EntityTokenDisableListener(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
