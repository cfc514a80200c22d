package dev.platformauth.rest.entitytoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProviderFactory;

/**
 * Registers {@link EntityTokenDisableListener} as a <em>global</em> event listener: it hears the admin
 * events of every realm without being added to a realm's event listeners.
 */
@AutoService(EventListenerProviderFactory.class)
public final class EntityTokenDisableListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-entity-token-sessions";

    public EntityTokenDisableListenerFactory() {
        super(PROVIDER_ID, EntityTokenDisableListener::new);
    }
}
