package dev.platformauth.it.support;

import jakarta.mail.internet.MimeMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/** Fixtures and mail readers of the magic-link and email-OTP tests. */
public final class MailedLogins {

    public static final Pattern OTP = Pattern.compile("^[0-9]{6}$");

    private MailedLogins() {
    }

    /** A test user: id, username, email and password. */
    /** The one line of the text part that is a 6-digit code; fails unless exactly one. */
    public static String otpIn(MimeMessage message) {
        return onlyLine(message, line -> OTP.matcher(line).matches(), "6-digit code");
    }

    /** The {@code i}-th 6-digit code that is not {@code right}. */
    public static String wrongOtp(String right, int i) {
        String candidate = String.format("%06d", (Integer.parseInt(right) + 1 + i) % 1_000_000);
        return candidate.equals(right) ? String.format("%06d", (Integer.parseInt(right) + 500_000) % 1_000_000) : candidate;
    }

    /** The one line of the text part that is a link; fails unless exactly one. */
    public static String linkIn(MimeMessage message) {
        return onlyLine(message, line -> line.startsWith("http://") || line.startsWith("https://"), "link");
    }

    private static String onlyLine(MimeMessage message, java.util.function.Predicate<String> wanted, String what) {
        String text = MailServer.textPart(message);
        List<String> found = Arrays.stream(text.split("\\R")).map(String::strip).filter(wanted).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + what + " line in the mail text, found " + found.size() + ":\n" + text);
        }
        return found.get(0);
    }

    /** The client attributes switching both API features on, with no resend interval. */
    public static Consumer<RealmRepresentation> apiEnabled(Map<String, String> extra) {
        return realm -> {
            Map<String, String> attributes = new java.util.HashMap<>(Map.of(
                    "platform-auth.magic-link.enabled", "true",
                    "platform-auth.email-otp.enabled", "true",
                    "platform-auth.magic-link.resend-interval", "0",
                    "platform-auth.email-otp.resend-interval", "0"));
            attributes.putAll(extra);
            realm.getClients().get(0).setAttributes(attributes);
        };
    }

    /**
     * A browser flow "cookie, else the forms sub-flow" whose sub-flow runs {@code steps} (authenticator
     * ids, REQUIRED, in order); {@code config} goes to the step {@code configured}.
     */
    public static Consumer<RealmRepresentation> browserFlow(String alias, List<String> steps, String configured,
                                                     Map<String, String> config) {
        return realm -> {
            List<AuthenticationExecutionExportRepresentation> executions = new ArrayList<>();
            int priority = 10;
            for (String step : steps) {
                executions.add(AuthFlows.execution(step, null, "REQUIRED", priority, step.equals(configured) ? alias + "-config" : null));
                priority += 10;
            }
            AuthenticatorConfigRepresentation authenticatorConfig = new AuthenticatorConfigRepresentation();
            authenticatorConfig.setAlias(alias + "-config");
            authenticatorConfig.setConfig(config);
            realm.setAuthenticationFlows(List.of(
                    AuthFlows.flow(alias, true, List.of(
                            AuthFlows.execution("auth-cookie", null, "ALTERNATIVE", 10, null),
                            AuthFlows.execution(null, alias + "-forms", "ALTERNATIVE", 20, null))),
                    AuthFlows.flow(alias + "-forms", false, executions)));
            realm.setAuthenticatorConfig(List.of(authenticatorConfig));
            realm.setBrowserFlow(alias);
        };
    }
}
