package dev.platformauth.common.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.store.ChangelogJpaEntityProviderFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

import java.util.List;

/**
 * Adds the terms-acceptance log ({@link TermsAcceptanceEntity}) to Keycloak's database with its own
 * Liquibase changelog, and deletes a realm's rows with the realm.
 *
 * <p>Its Liquibase history key is {@value #HISTORY_KEY} (table {@code DATABASECHANGELOG_PA_TERMS_L}):
 * Keycloak names the history table after the first ten letters of the key, which every
 * {@code platform-auth-…} key would share.
 */
@AutoService(JpaEntityProviderFactory.class)
public final class TermsJpaEntityProviderFactory extends ChangelogJpaEntityProviderFactory {

    public static final String PROVIDER_ID = PlatformAuth.PREFIX + "-terms-log";
    static final String HISTORY_KEY = "pa-terms-log";
    static final String CHANGELOG = "META-INF/platform-auth-terms-changelog.xml";

    public TermsJpaEntityProviderFactory() {
        super(PROVIDER_ID, HISTORY_KEY, CHANGELOG, List.of(TermsAcceptanceEntity.class));
    }

    @Override
    protected void onProviderEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmRemovedEvent removed) {
            TermsLog.of(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
        }
    }
}
