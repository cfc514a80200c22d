package dev.platformauth.common.mail;

import com.google.auto.service.AutoService;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** The SPI {@value #NAME}: the bound of the node's background mail jobs ({@link MailQueue}). */
@AutoService(Spi.class)
public final class MailQueueSpi implements Spi {

    public static final String NAME = "platform-auth-mail-queue";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return MailQueue.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return MailQueueFactory.class;
    }
}
