package dev.platformauth.common.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.store.ChangelogJpaEntityProviderFactory;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderEvent;

import java.util.List;

/**
 * Adds the terms-acceptance log ({@link TermsAcceptanceEntity}) to Keycloak's database with its own
 * Liquibase changelog, and deletes a realm's rows with the realm.
 *
 * <p>The id is {@value #PROVIDER_ID} and not {@code platform-auth-…}: Keycloak names a provider's
 * Liquibase history table {@code DATABASECHANGELOG_} plus the first ten letters of its id, and every
 * {@code platform-auth-…} id would share {@code DATABASECHANGELOG_PLATFORM_A}.
 */
@AutoService(JpaEntityProviderFactory.class)
public final class TermsJpaEntityProviderFactory extends ChangelogJpaEntityProviderFactory {

    public static final String PROVIDER_ID = "pa-terms-log";
    static final String CHANGELOG = "META-INF/platform-auth-terms-changelog.xml";

    public TermsJpaEntityProviderFactory() {
        super(PROVIDER_ID, CHANGELOG, List.of(TermsAcceptanceEntity.class));
    }

    @Override
    protected void onProviderEvent(ProviderEvent event) {
        if (event instanceof RealmModel.RealmRemovedEvent removed) {
            TermsLog.of(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
        }
    }
}
