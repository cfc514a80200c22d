package dev.platformauth.common.terms;

import com.google.auto.service.AutoService;
import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;

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
public final class TermsJpaEntityProviderFactory implements JpaEntityProviderFactory {

    public static final String PROVIDER_ID = "pa-terms-log";
    static final String CHANGELOG = "META-INF/platform-auth-terms-changelog.xml";

    private static final List<Class<?>> ENTITIES = List.of(TermsAcceptanceEntity.class);

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return ENTITIES;
            }

            @Override
            public String getChangelogLocation() {
                return CHANGELOG;
            }

            @Override
            public String getFactoryId() {
                return PROVIDER_ID;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                TermsLog.of(removed.getKeycloakSession()).deleteRealm(removed.getRealm().getId());
            }
        });
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
