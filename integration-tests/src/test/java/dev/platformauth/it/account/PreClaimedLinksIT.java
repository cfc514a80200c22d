package dev.platformauth.it.account;

import dev.platformauth.it.support.Account;
import dev.platformauth.it.support.ApiRealmTest;
import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.Polling;
import dev.platformauth.it.support.TestRealm;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No pre-claimed accounts, beyond credentials and sessions: a link to an identity provider that the
 * pre-claimer added (their own Google account, say) goes when the owner proves the address, also from
 * an account that proved another address before and was moved to the owner's.
 */
class PreClaimedLinksIT extends ApiRealmTest {

    private static final String UPSTREAM = "upstream";

    @Override
    protected String realmPrefix() {
        return "preclaim-links";
    }

    @Override
    protected Map<String, String> clientAttributes() {
        return Map.of("platform-auth.exchange-code.resend-interval", "0");
    }

    @Override
    protected void customize(RealmRepresentation representation) {
        representation.setRegistrationAllowed(true);
        representation.setIdentityProviders(List.of(TestRealm.unreachableOidcProvider(UPSTREAM)));
    }

    private void link(String userId) {
        realm.linkIdentity(userId, UPSTREAM, "upstream-" + userId, "upstream-" + userId);
    }

    private List<String> links(String userId) {
        return realm.resource().users().get(userId).getFederatedIdentity().stream()
                .map(FederatedIdentityRepresentation::getIdentityProvider).toList();
    }

    @Test
    @DisplayName("given a pre-claimed account linked to the pre-claimer's upstream identity when the owner signs in with an "
            + "exchange code then the link is gone, with a REMOVE_FEDERATED_IDENTITY event")
    void preClaimersLinkGoes() {
        String email = "l" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        String userId = AccountCredentials.signUp(realm, email, "Attacker-pw-123456");
        link(userId);

        HttpResult owner = signIns().byExchangeCode(email);

        assertThat(owner.status()).as(owner.toString()).isEqualTo(200);
        assertThat(links(userId)).isEmpty();
        List<EventRepresentation> removed = Polling.await(() -> realm.events("REMOVE_FEDERATED_IDENTITY").stream()
                        .filter(event -> userId.equals(event.getUserId())).toList(), found -> !found.isEmpty(),
                Duration.ofSeconds(10), "a REMOVE_FEDERATED_IDENTITY event of user " + userId);
        assertThat(removed.get(0).getDetails()).containsEntry("identity_provider", UPSTREAM)
                .containsEntry("reason", "email_address_proven");
    }

    @Test
    @DisplayName("attack: an account that proved its own address, linked to an upstream identity and moved to someone else's "
            + "address (PATCH users/me), loses the link when the owner proves that address")
    void movedAccountLosesItsLink() {
        Account attacker = Account.create(realm);
        assertThat(signIns().byExchangeCode(attacker.email()).status()).as("the attacker proves their own address").isEqualTo(200);
        link(attacker.id());
        HttpResult signedIn = Http.postForm(realm.url() + EmailSignIns.V2 + "/login/access-token",
                Map.of("username", attacker.email(), "password", attacker.password()), Map.of());
        String victim = "m" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
        HttpResult moved = Http.patchJson(realm.url() + EmailSignIns.V2 + "/users/me", "{\"email\":\"" + victim + "\"}",
                Http.bearer(signedIn.json().get("access_token").asText()));
        assertThat(moved.status()).as(moved.toString()).isEqualTo(200);

        assertThat(signIns().byExchangeCode(victim).status()).isEqualTo(200);

        assertThat(links(attacker.id())).as("a link signs in on its own: it may be the attacker's").isEmpty();
    }
}
