package dev.platformauth.common.store;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderEvent;

import java.util.List;

/**
 * A set of our JPA entities with its own Liquibase changelog in Keycloak's database, and a hook for
 * Keycloak's provider events (removals of users, organizations, realms) to delete rows with their
 * owners in the same transaction. Stateless, so one instance serves as factory and provider.
 *
 * <p>Keycloak names a provider's Liquibase history table {@code DATABASECHANGELOG_} plus the first ten
 * letters of {@link #getFactoryId()} (JpaUtils.getCustomChangelogTableName in 26.7.0; nothing else
 * reads it): subclasses give a history key apart from their provider id, the keys differ in those ten
 * letters, and a key never changes once released, or existing databases would run the changelog again.
 */
public abstract class ChangelogJpaEntityProviderFactory implements JpaEntityProviderFactory, JpaEntityProvider {

    private final String id;
    private final String historyKey;
    private final String changelog;
    private final List<Class<?>> entities;

    protected ChangelogJpaEntityProviderFactory(String id, String historyKey, String changelog, List<Class<?>> entities) {
        this.id = id;
        this.historyKey = historyKey;
        this.changelog = changelog;
        this.entities = List.copyOf(entities);
    }

    /** Called for every provider event of the server; the default ignores them. */
    protected void onProviderEvent(ProviderEvent event) {
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public final List<Class<?>> getEntities() {
        return entities;
    }

    @Override
    public final String getChangelogLocation() {
        return changelog;
    }

    @Override
    public final String getFactoryId() {
        return historyKey;
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(this::onProviderEvent);
    }

    @Override
    public void close() {
    }
}
