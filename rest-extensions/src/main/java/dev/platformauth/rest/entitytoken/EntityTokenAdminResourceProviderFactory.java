package dev.platformauth.rest.entitytoken;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Serves {@code /admin/realms/{realm}/platform-auth-entity-tokens}: list and revoke entity tokens. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class EntityTokenAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, AdminRealmResourceProvider, StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = "platform-auth-entity-tokens";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
        return new EntityTokenAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public void close() {
    }
}
