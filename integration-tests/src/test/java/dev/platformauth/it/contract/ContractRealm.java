package dev.platformauth.it.contract;

import dev.platformauth.it.support.Account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.OrganizationDomainRepresentation;
import org.keycloak.representations.idm.OrganizationRepresentation;
import org.keycloak.representations.idm.RequiredActionProviderRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import com.fasterxml.jackson.databind.JsonNode;

import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import jakarta.ws.rs.core.Response;

/**
 * A realm with every feature of the bundle switched on, so that contract tests reach the validation
 * code of each route rather than an early 404 or 503: magic links, email OTP and the exchange-code
 * grant on {@code auth-service} (no resend intervals), registration allowed, the {@code sentinel}
 * client with the Okta hook secret, the terms required action with a version, Organizations on with
 * the organization {@value #ORGANIZATION} (a domain, the Okta identity provider linked, member
 * alice), and the confidential client {@value #API_CLIENT} with a service account and the
 * entity-token grant. Users: {@code admin} (realm-admin and the superuser role), {@code alice},
 * {@code bob}.
 */
final class ContractRealm implements AutoCloseable {

    static final String SENTINEL = "sentinel";
    static final String SENTINEL_API = "/sentinel/api/v1.0/auth";
    static final String API_CLIENT = "platform-api";
    static final String API_SECRET = "platform-api-secret-0123456789";
    static final String HOOK_SECRET = "contract-okta-hook-secret-0123456789";
    static final String ORGANIZATION = "acme";
    static final String IDP = "okta";
    static final String TERMS_VERSION = "2025-01";
    static final String TERMS_ACTION = "platform-auth-terms";
    static final String ENTITY_GRANT = "urn:platform-auth:grant-type:entity-token";
    static final String EXCHANGE_GRANT = "urn:platform-auth:grant-type:exchange-code";

    final TestRealm realm;
    final Account admin;
    final Account alice;
    final Account bob;
    final String domain;

    private ContractRealm(TestRealm realm) {
        this.realm = realm;
        try {
            domain = ORGANIZATION + "-" + realm.name() + ".test";
            admin = account("admin", "Admin-pass-0123456789");
            alice = account("alice", "Alice-pass-0123456789");
            bob = account("bob", "Bob-pass-0123456789");
            grantClientRole(admin, "realm-management", "realm-admin");
            realm.resource().roles().create(new RoleRepresentation("superuser", null, false));
            realm.resource().users().get(admin.id()).roles().realmLevel()
                    .add(List.of(realm.resource().roles().get("superuser").toRepresentation()));
            realm.addIdentityProvider(okta());
            organization();
        } catch (RuntimeException e) {
            realm.close();
            throw e;
        }
    }

    static ContractRealm create(KeycloakServer keycloak, MailServer mail, String prefix) {
        return new ContractRealm(TestRealm.builder(keycloak, mail, prefix).customize(rep -> {
            rep.setOrganizationsEnabled(true);
            rep.setRegistrationAllowed(true);
            ClientRepresentation authService = rep.getClients().get(0);
            authService.setAttributes(new HashMap<>(Map.of(
                    "platform-auth.magic-link.enabled", "true",
                    "platform-auth.email-otp.enabled", "true",
                    "platform-auth.magic-link.resend-interval", "0",
                    "platform-auth.email-otp.resend-interval", "0",
                    "platform-auth.exchange-code.resend-interval", "0",
                    "platform-auth.password-reset.resend-interval", "0",
                    "platform-auth.exchange-code.grant.enabled", "true")));
            ClientRepresentation sentinel = new ClientRepresentation();
            sentinel.setClientId(SENTINEL);
            sentinel.setPublicClient(true);
            sentinel.setDirectAccessGrantsEnabled(true);
            sentinel.setStandardFlowEnabled(true);
            sentinel.setRedirectUris(TestRealm.WILDCARD_REDIRECT_URIS);
            sentinel.setAttributes(new HashMap<>(Map.of(
                    "platform-auth.okta-hook.secret", HOOK_SECRET,
                    "platform-auth.password-reset.resend-interval", "0",
                    "platform-auth.username-reminder.resend-interval", "0")));
            ClientRepresentation api = new ClientRepresentation();
            api.setClientId(API_CLIENT);
            api.setEnabled(true);
            api.setProtocol("openid-connect");
            api.setPublicClient(false);
            api.setSecret(API_SECRET);
            api.setServiceAccountsEnabled(true);
            api.setStandardFlowEnabled(false);
            api.setDirectAccessGrantsEnabled(false);
            api.setAttributes(new HashMap<>(Map.of("platform-auth.entity-token.grant.enabled", "true")));
            List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
            clients.add(sentinel);
            clients.add(api);
            rep.setClients(clients);
            RequiredActionProviderRepresentation terms = new RequiredActionProviderRepresentation();
            terms.setAlias(TERMS_ACTION);
            terms.setProviderId(TERMS_ACTION);
            terms.setName("Platform terms and conditions");
            terms.setEnabled(true);
            terms.setDefaultAction(false);
            terms.setPriority(10);
            Map<String, String> config = new LinkedHashMap<>();
            config.put("platform-auth.terms.version", TERMS_VERSION);
            config.put("platform-auth.terms.url", "https://example.test/terms");
            terms.setConfig(config);
            rep.setRequiredActions(List.of(terms));
        }).create());
    }

    String url() {
        return realm.url();
    }

    String sentinelUrl(String path) {
        return realm.url() + SENTINEL_API + path;
    }

    /** An access token of {@code account} issued to {@code auth-service} (Keycloak's password grant). */
    String accessToken(Account account) {
        return signIn(account).get("access_token").asText();
    }

    /** The sentinel API's token of {@code account} (an access token of the {@code sentinel} client). */
    String sentinelToken(Account account) {
        HttpResult result = Http.postJson(sentinelUrl("/token"), "{\"username\":\"" + account.username()
                + "\",\"password\":\"" + account.password() + "\"}", Map.of());
        assertThat(result.status()).as(result.toString()).isEqualTo(200);
        return result.json().get("token").asText();
    }

    /** The platform token of a sign-in of {@code account} at {@code auth-service}. */
    String platformToken(Account account) {
        return signIn(account).get("platform_access_token").asText();
    }

    private JsonNode signIn(Account account) {
        HttpResult result = Http.postForm(realm.tokenEndpoint(), Map.of("grant_type", "password",
                "client_id", TestRealm.AUTH_CLIENT, "username", account.username(), "password", account.password()), Map.of());
        assertThat(result.status()).as("password grant for " + account.username() + ": " + result).isEqualTo(200);
        return result.json();
    }

    private Account account(String name, String password) {
        String email = name + "@" + realm.name() + ".test";
        return new Account(realm.createUser(name, email, password), name, email, password);
    }

    private void grantClientRole(Account account, String clientId, String role) {
        String id = realm.resource().clients().findByClientId(clientId).get(0).getId();
        RoleRepresentation rep = realm.resource().clients().get(id).roles().get(role).toRepresentation();
        realm.resource().users().get(account.id()).roles().clientLevel(id).add(List.of(rep));
    }

    private static IdentityProviderRepresentation okta() {
        String authorize = "https://contract.okta.com/oauth2/v1/authorize";
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(IDP);
        idp.setProviderId("oidc");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(Map.of(
                "clientId", "contract-client-id",
                "clientSecret", "not-a-real-secret",
                "issuer", "https://contract.okta.com",
                "authorizationUrl", authorize,
                "tokenUrl", "https://contract.okta.com/oauth2/v1/token",
                "clientAuthMethod", "client_secret_post",
                "syncMode", "IMPORT")));
        return idp;
    }

    /** Creates the organization with its domain, alice as member and the Okta provider linked; returns its id. */
    private String organization() {
        OrganizationRepresentation organization = new OrganizationRepresentation();
        organization.setName(ORGANIZATION + " " + realm.name());
        organization.setAlias(ORGANIZATION);
        organization.setEnabled(true);
        organization.addDomain(new OrganizationDomainRepresentation(domain));
        String id;
        try (Response response = realm.resource().organizations().create(organization)) {
            assertThat(response.getStatus()).as("create organization").isEqualTo(201);
            id = CreatedResponseUtil.getCreatedId(response);
        }
        try (Response response = realm.resource().organizations().get(id).members().addMember(alice.id())) {
            assertThat(response.getStatus()).as("add member").isEqualTo(201);
        }
        try (Response response = realm.resource().organizations().get(id).identityProviders().addIdentityProvider(IDP)) {
            assertThat(response.getStatus()).as("link identity provider").isEqualTo(204);
        }
        realm.updateIdentityProvider(IDP, idp -> idp.getConfig().put("kc.org.domain", domain));
        return id;
    }

    @Override
    public void close() {
        realm.close();
    }
}
