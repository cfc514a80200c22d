package dev.platformauth.rest.terms;

import com.google.auto.service.AutoService;
import dev.platformauth.common.spi.StatelessProviderFactory;
import dev.platformauth.common.terms.TermsConfig;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Serves {@code /admin/realms/{realm}/platform-auth-terms/...}: the terms-acceptance log for admins. */
@AutoService(AdminRealmResourceProviderFactory.class)
public final class TermsAdminResourceProviderFactory implements AdminRealmResourceProviderFactory,
        StatelessProviderFactory<AdminRealmResourceProvider> {

    public static final String PROVIDER_ID = TermsConfig.PROVIDER_ID;

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth,
                                      AdminEventBuilder adminEvent) {
                return new TermsAdminResource(s, realm, auth);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
