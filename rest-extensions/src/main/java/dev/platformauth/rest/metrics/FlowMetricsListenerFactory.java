package dev.platformauth.rest.metrics;

import com.google.auto.service.AutoService;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProviderFactory;

/**
 * Registers {@link FlowMetricsListener} as a <em>global</em> event listener: it counts the flows of
 * every realm without being added to a realm's event listeners (docs/metrics.md).
 */
@AutoService(EventListenerProviderFactory.class)
public final class FlowMetricsListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-metrics";

    public FlowMetricsListenerFactory() {
        super(PROVIDER_ID, FlowMetricsListener::new);
    }
}
