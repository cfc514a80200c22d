package dev.platformauth.rest.http;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.spi.GlobalEventListenerFactory;
import org.keycloak.events.EventListenerProviderFactory;

/** Registers {@link RevokedTokenListener}, globally: it hears every realm's revocation endpoint. */
@AutoService(EventListenerProviderFactory.class)
public final class RevokedTokenListenerFactory extends GlobalEventListenerFactory {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-revoked-tokens";

    public RevokedTokenListenerFactory() {
        super(PROVIDER_ID, RevokedTokenListener::new);
    }
}
