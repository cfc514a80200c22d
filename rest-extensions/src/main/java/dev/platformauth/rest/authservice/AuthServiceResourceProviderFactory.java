package dev.platformauth.rest.authservice;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Serves {@code /realms/{realm}/auth-service/...}: the auth-service API ({@code docs/account-api.md}). */
@AutoService(RealmResourceProviderFactory.class)
public final class AuthServiceResourceProviderFactory implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider> {

    public static final String PROVIDER_ID = "auth-service";

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new AuthServiceResource(session);
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
