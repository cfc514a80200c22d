package dev.platformauth.rest.entitytoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@code /realms/{realm}/entities/...}: per-entity authentication tokens (the entity-token API). */
@AutoService(RealmResourceProviderFactory.class)
public final class EntitiesResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "entities";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new EntitiesResource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
