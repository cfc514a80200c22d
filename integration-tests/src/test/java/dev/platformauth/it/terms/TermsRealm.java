package dev.platformauth.it.terms;

import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RequiredActionConfigRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import static dev.platformauth.it.support.AuthFlows.execution;
import static dev.platformauth.it.support.AuthFlows.flow;

/**
 * Realms for the terms scenarios: the required action platform-auth-terms with a version and URLs,
 * a browser flow whose forms run username/password then the terms check (or, in the layout
 * {@link Layout#AFTER_SIGN_IN}, one that runs the terms check after any sign-in), the sentinel client, the
 * terms-version mapper on auth-service, and organizations switched on.
 */
public final class TermsRealm {

    public static final String ACTION = "platform-auth-terms";
    public static final String FLOW = "terms-browser";
    public static final String SENTINEL = "sentinel";
    public static final String API = "/sentinel/api/v1.0/auth";
    public static final String VERSION = "2025-01";
    public static final String URL = "https://example.test/terms";
    public static final String URL_DE = "https://example.test/de/terms";

    private TermsRealm() {
    }

    /** Where the terms check sits in the browser flow. */
    public enum Layout {
        /** In the forms sub-flow, after username/password: a login through the SSO cookie skips it. */
        IN_FORMS,
        /** At the top level, after a required sign-in sub-flow (cookie or forms): every browser login runs it. */
        AFTER_SIGN_IN
    }

    public static TestRealm create(KeycloakServer keycloak, MailServer mail, String prefix) {
        return create(keycloak, mail, prefix, null, Layout.IN_FORMS);
    }

    /** As {@link #create(KeycloakServer, MailServer, String)}, with a chosen realm id ({@code null}: Keycloak's). */
    public static TestRealm create(KeycloakServer keycloak, MailServer mail, String prefix, String realmId) {
        return create(keycloak, mail, prefix, realmId, Layout.IN_FORMS);
    }

    /** As {@link #create(KeycloakServer, MailServer, String)}, with the terms check where {@code layout} puts it. */
    public static TestRealm create(KeycloakServer keycloak, MailServer mail, String prefix, String realmId, Layout layout) {
        TestRealm realm = TestRealm.builder(keycloak, mail, prefix)
                .customize(rep -> {
                    rep.setId(realmId);
                    rep.setOrganizationsEnabled(true);
                    rep.setInternationalizationEnabled(true);
                    rep.setSupportedLocales(java.util.Set.of("en", "de"));
                    rep.setDefaultLocale("en");
                    RequiredActionProviderRepresentation action = new RequiredActionProviderRepresentation();
                    action.setAlias(ACTION);
                    action.setProviderId(ACTION);
                    action.setName("Platform terms and conditions");
                    action.setEnabled(true);
                    action.setDefaultAction(false);
                    action.setPriority(10);
                    action.setConfig(config(VERSION));
                    rep.setRequiredActions(List.of(action));
                    rep.setAuthenticationFlows(flows(layout));
                    rep.setBrowserFlow(FLOW);
                    ClientRepresentation sentinel = new ClientRepresentation();
                    sentinel.setClientId(SENTINEL);
                    sentinel.setPublicClient(true);
                    sentinel.setDirectAccessGrantsEnabled(true);
                    sentinel.setRedirectUris(TestRealm.WILDCARD_REDIRECT_URIS);
                    List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
                    clients.add(sentinel);
                    rep.setClients(clients);
                })
                .create();
        // the accepted version is an unmanaged user attribute: let the admin API show it
        UPConfig profile = realm.resource().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ADMIN_VIEW);
        realm.resource().users().userProfile().update(profile);
        ProtocolMapperRepresentation mapper = new ProtocolMapperRepresentation();
        mapper.setName("terms version");
        mapper.setProtocol("openid-connect");
        mapper.setProtocolMapper("platform-auth-terms-version-mapper");
        mapper.setConfig(Map.of("access.token.claim", "true", "id.token.claim", "true",
                "userinfo.token.claim", "true", "introspection.token.claim", "true"));
        String clientUuid = realm.resource().clients().findByClientId(TestRealm.AUTH_CLIENT).get(0).getId();
        try (Response response = realm.resource().clients().get(clientUuid).getProtocolMappers().createMapper(mapper)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("terms mapper rejected: HTTP " + response.getStatus());
            }
        }
        return realm;
    }

    private static List<AuthenticationFlowRepresentation> flows(Layout layout) {
        if (layout == Layout.AFTER_SIGN_IN) {
            return List.of(
                    flow(FLOW, true, List.of(
                            execution(null, FLOW + "-sign-in", "REQUIRED", 10, null),
                            execution(ACTION, null, "REQUIRED", 20, null))),
                    flow(FLOW + "-sign-in", false, List.of(
                            execution("auth-cookie", null, "ALTERNATIVE", 10, null),
                            execution(null, FLOW + "-forms", "ALTERNATIVE", 20, null))),
                    flow(FLOW + "-forms", false, List.of(
                            execution("auth-username-password-form", null, "REQUIRED", 10, null))));
        }
        return List.of(
                flow(FLOW, true, List.of(
                        execution("auth-cookie", null, "ALTERNATIVE", 10, null),
                        execution(null, FLOW + "-forms", "ALTERNATIVE", 20, null))),
                flow(FLOW + "-forms", false, List.of(
                        execution("auth-username-password-form", null, "REQUIRED", 10, null),
                        execution(ACTION, null, "REQUIRED", 20, null))));
    }

    /** The required action's config with {@code version}, the default URL and a German URL (admin-console map format). */
    public static Map<String, String> config(String version) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("platform-auth.terms.version", version);
        config.put("platform-auth.terms.url", URL);
        config.put("platform-auth.terms.url.locales", "[{\"key\":\"de\",\"value\":\"" + URL_DE + "\"}]");
        return config;
    }

    /** Replaces the required action's config through the admin API (as the admin console does). */
    public static void setConfig(TestRealm realm, Map<String, String> config) {
        RequiredActionConfigRepresentation rep = new RequiredActionConfigRepresentation();
        rep.setConfig(config);
        realm.resource().flows().updateRequiredActionConfig(ACTION, rep);
    }

    /** Creates an organization with a domain and the given attributes; returns its id. */
    public static String organization(TestRealm realm, String alias, String domain, Map<String, List<String>> attributes) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(alias.toUpperCase(java.util.Locale.ROOT) + " Inc");
        org.setAlias(alias);
        org.setEnabled(true);
        OrganizationDomainRepresentation orgDomain = new OrganizationDomainRepresentation();
        orgDomain.setName(domain);
        org.addDomain(orgDomain);
        org.setAttributes(attributes);
        try (Response response = realm.resource().organizations().create(org)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("organization rejected: HTTP " + response.getStatus() + " "
                        + response.readEntity(String.class));
            }
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    public static void addMember(TestRealm realm, String organizationId, String userId) {
        try (Response response = realm.resource().organizations().get(organizationId).members().addMember(userId)) {
            if (response.getStatus() != 201) {
                throw new IllegalStateException("member rejected: HTTP " + response.getStatus() + " "
                        + response.readEntity(String.class));
            }
        }
    }
}
