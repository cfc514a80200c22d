package dev.platformauth.it.contract;

import dev.platformauth.it.support.BackgroundWork;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * "Nothing logs a secret" (see {@code docs/security.md}): runs every secret-producing flow once against the realm of
 * {@link ContractRealm}, collects every secret it saw (codes, links and OTPs from the mails, tokens,
 * passwords, wrong guesses, client and hook secrets) and checks that none of them appears in the
 * lines Keycloak logged meanwhile, with {@code dev.platformauth} at DEBUG (the harness's log level).
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsNotLoggedIT {

    private KeycloakServer keycloak;
    private MailServer mail;
    private ContractRealm fixture;
    private int firstLine;
    /** Secret value -> what it is. */
    private SecretFlows flows;

    @RegisterExtension
    static final ClassRealm<ContractRealm> REALM = ClassRealm.of((keycloak, mail) -> ContractRealm.create(keycloak, mail, "contract-secrets"));

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        this.keycloak = keycloak;
        this.mail = mail;
        fixture = REALM.get();
        flows = new SecretFlows(fixture, mail);
        firstLine = keycloak.logTail(Integer.MAX_VALUE).size();
        flows.secret("password of admin", fixture.admin.password());
        flows.secret("password of alice", fixture.alice.password());
        flows.secret("password of bob", fixture.bob.password());
        flows.secret("client secret of " + ContractRealm.API_CLIENT, ContractRealm.API_SECRET);
        flows.secret("okta hook secret", ContractRealm.HOOK_SECRET);
    }

    @Test
    void noSecretOfAnyFlowAppearsInKeycloaksLog() {
        flows.exchangeCodes();
        flows.magicLink();
        flows.emailOtp();
        flows.passwordReset();
        flows.usernameReminder();
        flows.entityTokens();
        flows.sentinelTokens();
        flows.passwordsSetByAdmins();
        flows.passwordLogins();
        flows.signup();
        flows.passwordRecovery();
        flows.oktaHook();

        // mails are written in the background: wait until the last job has ended and logged its lines
        BackgroundWork.awaitIdle(keycloak, firstLine);
        List<String> all = keycloak.logTail(Integer.MAX_VALUE);
        List<String> lines = all.subList(Math.min(firstLine, all.size()), all.size());
        assertThat(lines).as("Keycloak logged DEBUG lines of dev.platformauth during the flows (log level "
                + "dev.platformauth:DEBUG)").anyMatch(line -> line.contains("DEBUG [dev.platformauth."));
        assertThat(flows.secrets()).as("secrets collected").hasSizeGreaterThan(25);
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> secret : flows.secrets().entrySet()) {
            Predicate<String> contains = containment(secret.getKey());
            for (String line : lines) {
                if (contains.test(line)) {
                    leaks.add(secret.getValue() + " in: " + mask(line, secret.getKey()));
                }
            }
        }
        assertThat(leaks).as("secrets in the %d lines Keycloak logged during the flows:\n%s", lines.size(),
                String.join("\n", leaks)).isEmpty();
    }

    /** Digit-only secrets (OTPs) match only as a whole number, so that timestamps and ids do not count. */
    private static Predicate<String> containment(String secret) {
        if (secret.chars().allMatch(Character::isDigit)) {
            Pattern whole = Pattern.compile("(?<![0-9])" + secret + "(?![0-9])");
            return line -> whole.matcher(line).find();
        }
        return line -> line.contains(secret);
    }

    private static String mask(String line, String secret) {
        return line.replace(secret, "<" + secret.length() + " chars>");
    }
}
