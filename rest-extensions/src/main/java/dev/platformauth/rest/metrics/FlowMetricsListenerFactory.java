package dev.platformauth.rest.metrics;

import com.google.auto.service.AutoService;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Registers {@link FlowMetricsListener} as a <em>global</em> event listener: it counts the flows of
 * every realm without being added to a realm's event listeners (docs/metrics.md).
 */
@AutoService(EventListenerProviderFactory.class)
public final class FlowMetricsListenerFactory implements EventListenerProviderFactory,
        StatelessProviderFactory<EventListenerProvider> {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-metrics";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new FlowMetricsListener(session);
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
