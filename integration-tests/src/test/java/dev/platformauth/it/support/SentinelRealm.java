package dev.platformauth.it.support;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** Test realms with the {@code sentinel} client the sentinel API acts as. */
public final class SentinelRealm {

    public static final String CLIENT = "sentinel";
    public static final String API = "/sentinel/api/v1.0/auth";

    private SentinelRealm() {
    }

    public static TestRealm create(KeycloakServer keycloak, MailServer mail, String prefix, Consumer<RealmRepresentation> more) {
        return TestRealm.builder(keycloak, mail, prefix)
                .customize(rep -> {
                    ClientRepresentation sentinel = new ClientRepresentation();
                    sentinel.setClientId(CLIENT);
                    sentinel.setPublicClient(true);
                    sentinel.setDirectAccessGrantsEnabled(true);
                    sentinel.setStandardFlowEnabled(true);
                    sentinel.setRedirectUris(TestRealm.WILDCARD_REDIRECT_URIS);
                    List<ClientRepresentation> clients = new ArrayList<>(rep.getClients());
                    clients.add(sentinel);
                    rep.setClients(clients);
                    more.accept(rep);
                })
                .create();
    }
}
