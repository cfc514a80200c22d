package dev.platformauth.common.mail;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;

import java.util.List;

/**
 * Holds the node's {@link MailQueue}. Its bound is the server option
 * {@code --spi-platform-auth-mail-queue--default--max-pending} (default {@value #DEFAULT_MAX_PENDING}).
 * The SPI has this one implementation, so the factory class is also the SPI's factory type.
 */
@AutoService(MailQueueFactory.class)
public final class MailQueueFactory implements ProviderFactory<MailQueue> {

    public static final String PROVIDER_ID = "default";
    public static final String MAX_PENDING = "max-pending";
    public static final int DEFAULT_MAX_PENDING = 1000;

    private MailQueue queue = new MailQueue(DEFAULT_MAX_PENDING);

    @Override
    public void init(Config.Scope config) {
        Integer configured = config == null ? null : config.getInt(MAX_PENDING);
        queue = new MailQueue(configured == null || configured < 1 ? DEFAULT_MAX_PENDING : configured);
    }

    @Override
    public MailQueue create(KeycloakSession session) {
        return queue;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(MAX_PENDING).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("The most background mail jobs (sign-in codes, links, reset and username mails) that may wait "
                        + "or run at once on this node; further requests answer 429 / 'try again later'.")
                .defaultValue(DEFAULT_MAX_PENDING).add()
                .build();
    }
}
