package dev.platformauth.common.spi;

import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

import java.util.function.Function;

/**
 * A <em>global</em> event listener: it hears the events of every realm without being added to a
 * realm's event listeners. Subclasses name the listener and how to make one per session.
 */
public abstract class GlobalEventListenerFactory implements EventListenerProviderFactory,
        StatelessProviderFactory<EventListenerProvider> {

    private final String id;
    private final Function<KeycloakSession, EventListenerProvider> listener;

    protected GlobalEventListenerFactory(String id, Function<KeycloakSession, EventListenerProvider> listener) {
        this.id = id;
        this.listener = listener;
    }

    @Override
    public final EventListenerProvider create(KeycloakSession session) {
        return listener.apply(session);
    }

    @Override
    public final boolean isGlobal() {
        return true;
    }

    @Override
    public final String getId() {
        return id;
    }
}
