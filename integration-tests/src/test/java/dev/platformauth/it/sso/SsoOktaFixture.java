package dev.platformauth.it.sso;

import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.SentinelRealm;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The realm both {@link SsoInitiateIT} and {@code okta.OktaTokenHookIT} run against: organizations with
 * domains, identity providers linked to them (pointing at a fake authorization URL on loopback:
 * nothing here talks to Okta), the {@code sentinel} client with the Okta hook secret.
 */
public abstract class SsoOktaFixture {

    public static final String HOOK_SECRET = "okta-hook-secret-0123456789";
    public static final String FAKE_AUTHORIZE = "http://127.0.0.1:9/okta/oauth2/v1/authorize";
    public static final String APP_CALLBACK = "https://app.example.test/callback";
    public static final String CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";
    public static final String DOMAIN = "northstar.test";
    public static final String TERMS = "platform-auth.terms.version";

    protected KeycloakServer keycloak;
    protected TestRealm realm;
    protected String northstarId;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> SentinelRealm.create(keycloak, mail,
            "sentinel-sso", rep -> {
                rep.setOrganizationsEnabled(true);
                rep.getClients().stream().filter(c -> SentinelRealm.CLIENT.equals(c.getClientId())).findFirst().orElseThrow()
                        .setAttributes(new HashMap<>(Map.of("platform-auth.okta-hook.secret", HOOK_SECRET)));
            }));

    @BeforeAll
    void createRealm(KeycloakServer keycloak) {
        this.keycloak = keycloak;
        realm = REALM.get();
        UPConfig profile = realm.resource().users().userProfile().getConfiguration();
        profile.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED);
        realm.resource().users().userProfile().update(profile);
        realm.resource().roles().create(new RoleRepresentation("teacher", null, false));

        // "okta": the Okta IdP (alias rule), linked to northstar for its domain; "northstar-any" sorts first but is linked to ANY domain
        realm.addIdentityProvider(oidc("okta", FAKE_AUTHORIZE));
        realm.addIdentityProvider(oidc("northstar-any", "http://127.0.0.1:9/any/authorize"));
        realm.addIdentityProvider(oidc("quiet-idp", "http://127.0.0.1:9/quiet/authorize"));
        northstarId = createOrganization("northstar", DOMAIN);
        link(northstarId, "okta", DOMAIN);
        link(northstarId, "northstar-any", "ANY");
        realm.addIdentityProvider(oidc("district-idp", "http://127.0.0.1:9/district/authorize"));
        link(createOrganization("district", "*.district.test"), "district-idp", "*.district.test");
        createOrganization("no-idp", "noidp.test");
        link(createOrganization("quiet", "quiet.test"), "quiet-idp", "quiet.test");
        realm.updateIdentityProvider("quiet-idp", idp -> idp.setEnabled(false));
    }

    public static IdentityProviderRepresentation oidc(String alias, String authorizationUrl) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of(
                "clientId", alias + "-client-id",
                "clientSecret", "not-a-real-secret",
                "authorizationUrl", authorizationUrl,
                "tokenUrl", authorizationUrl.replace("/authorize", "/token"),
                "clientAuthMethod", "client_secret_post",
                "loginHint", "true",
                "syncMode", "IMPORT")));
        return idp;
    }

    public String createOrganization(String alias, String domain) {
        OrganizationRepresentation org = new OrganizationRepresentation();
        org.setName(alias);
        org.setAlias(alias);
        org.setEnabled(true);
        org.addDomain(new OrganizationDomainRepresentation(domain));
        try (Response response = realm.resource().organizations().create(org)) {
            assertThat(response.getStatus()).as("creating organization %s", alias).isEqualTo(201);
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    /** Links the identity provider to the organization, for {@code domain} (the admin console's "Domain" of the link). */
    protected void link(String organizationId, String alias, String domain) {
        try (Response response = realm.resource().organizations().get(organizationId).identityProviders().addIdentityProvider(alias)) {
            assertThat(response.getStatus()).as("linking %s", alias).isEqualTo(204);
        }
        realm.updateIdentityProvider(alias, idp -> idp.getConfig().put("kc.org.domain", domain));
    }

    public String url(String path) {
        return realm.url() + SentinelRealm.API + path;
    }

    public static void assertError(HttpResult result, int status, String error) {
        assertThat(result.status()).as(result.toString()).isEqualTo(status);
        assertThat(result.header("Content-Type")).startsWith("application/json");
        assertThat(result.json().path("error").asText()).as(result.toString()).isEqualTo(error);
        assertThat(result.json().path("error_description").asText()).isNotBlank();
    }

}
