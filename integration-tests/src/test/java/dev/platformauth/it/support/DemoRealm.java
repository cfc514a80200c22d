package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.keycloak.representations.idm.RealmRepresentation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.ws.rs.NotFoundException;

/**
 * The demo realm ({@code demo/realm/demo-realm.json}, what {@code ./run-demo.sh} imports) under a unique
 * name, its SMTP pointed at the harness GreenMail; {@link #close()} deletes it.
 */
public final class DemoRealm implements AutoCloseable {

    private final KeycloakServer keycloak;
    private final String name;

    private DemoRealm(KeycloakServer keycloak, String name) {
        this.keycloak = keycloak;
        this.name = name;
    }

    /** Imports the demo realm as {@code demo-…}. */
    public static DemoRealm importInto(KeycloakServer keycloak, MailServer mail) {
        Path file = Path.of(System.getProperty("project.root", ".."), "demo", "realm", "demo-realm.json");
        RealmRepresentation demo;
        try {
            String json = Files.readString(file).replace("${DEMO_SMTP_PORT:3025}", Integer.toString(mail.smtpPort()));
            demo = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                    .readValue(json, RealmRepresentation.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        String name = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        demo.setRealm(name);
        demo.setId(null);
        keycloak.admin().realms().create(demo);
        return new DemoRealm(keycloak, name);
    }

    public String name() {
        return name;
    }

    public String url() {
        return keycloak.realmUrl(name);
    }

    @Override
    public void close() {
        try {
            keycloak.admin().realm(name).remove();
        } catch (NotFoundException alreadyGone) {
            // nothing to delete
        }
    }
}
