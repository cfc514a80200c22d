package dev.platformauth.rest.loginas;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

/**
 * Registers {@value #GRANT_TYPE}, under which the login-as API issues its tokens ({@link LoginAsGrantType}).
 * Keycloak lists every registered grant type in the discovery document; the token endpoint refuses this one.
 */
@AutoService(OAuth2GrantTypeFactory.class)
public final class LoginAsGrantTypeFactory implements OAuth2GrantTypeFactory, StatelessProviderFactory<OAuth2GrantType> {

    public static final String GRANT_TYPE = "urn:platform-auth:grant-type:login-as";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new LoginAsGrantType();
    }

    @Override
    public String getShortcut() {
        return "pl";
    }

    @Override
    public String getId() {
        return GRANT_TYPE;
    }
}
