package dev.platformauth.rest.shortsession;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

/** Registers {@link ShortSessionExchangeRefusal} ahead of Keycloak's token-exchange providers (order 10 and below). */
@AutoService(TokenExchangeProviderFactory.class)
public final class ShortSessionExchangeRefusalFactory
        implements TokenExchangeProviderFactory, StatelessProviderFactory<TokenExchangeProvider> {

    static final String ID = "platform-auth-short-session-refusal";
    static final int ORDER = 1000;

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return new ShortSessionExchangeRefusal(session);
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public String getId() {
        return ID;
    }
}
