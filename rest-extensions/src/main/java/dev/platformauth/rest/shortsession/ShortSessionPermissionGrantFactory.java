package dev.platformauth.rest.shortsession;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;
import org.keycloak.protocol.oidc.grants.PermissionGrantTypeFactory;

/**
 * Takes the place of Keycloak's UMA grant factory (same id, a higher order, as Keycloak lets a deployed
 * factory replace its own): each request gets Keycloak's grant behind {@link ShortSessionPermissionGrant}.
 */
@AutoService(OAuth2GrantTypeFactory.class)
public final class ShortSessionPermissionGrantFactory
        implements OAuth2GrantTypeFactory, StatelessProviderFactory<OAuth2GrantType> {

    private final PermissionGrantTypeFactory keycloaks = new PermissionGrantTypeFactory();

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ShortSessionPermissionGrant(keycloaks.create(session));
    }

    @Override
    public String getId() {
        return keycloaks.getId();
    }

    @Override
    public String getShortcut() {
        return keycloaks.getShortcut();
    }

    @Override
    public int order() {
        return keycloaks.order() + 1;
    }
}
