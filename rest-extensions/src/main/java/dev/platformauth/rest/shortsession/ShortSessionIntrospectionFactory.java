package dev.platformauth.rest.shortsession;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.AccessTokenIntrospectionProviderFactory;
import org.keycloak.protocol.oidc.TokenIntrospectionProvider;
import org.keycloak.protocol.oidc.TokenIntrospectionProviderFactory;

/**
 * Takes the place of Keycloak's access-token introspection factory (same id, a higher order, as Keycloak
 * lets a deployed factory replace its own): {@link ShortSessionIntrospection}.
 */
@AutoService(TokenIntrospectionProviderFactory.class)
public final class ShortSessionIntrospectionFactory
        implements TokenIntrospectionProviderFactory, StatelessProviderFactory<TokenIntrospectionProvider> {

    private final AccessTokenIntrospectionProviderFactory keycloaks = new AccessTokenIntrospectionProviderFactory();

    @Override
    public TokenIntrospectionProvider create(KeycloakSession session) {
        return new ShortSessionIntrospection(session);
    }

    @Override
    public String getId() {
        return keycloaks.getId();
    }

    @Override
    public int order() {
        return keycloaks.order() + 1;
    }
}
