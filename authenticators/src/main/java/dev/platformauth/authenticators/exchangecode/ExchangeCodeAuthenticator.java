package dev.platformauth.authenticators.exchangecode;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.exchange.ExchangeCodeSettings;
import dev.platformauth.common.exchange.ExchangeCodes;
import dev.platformauth.common.secret.SecretCodes;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.utils.EmailValidationUtil;

import java.util.Locale;
import java.util.Map;

/**
 * "Email code": asks for the email address (or uses the user an earlier step identified), mails a
 * single-use code in the background (so the page looks the same whether the address has an account),
 * and signs in on the right code. Codes are bound to this login (they cannot be redeemed elsewhere);
 * wrong codes go through {@code failureChallenge}, which Keycloak's brute-force detector counts, and
 * after {@value #MAX_ATTEMPTS} wrong codes in one login a new code is needed.
 */
final class ExchangeCodeAuthenticator implements Authenticator {

    static final String EMAIL_FORM = "platform-auth-exchange-code-email.ftl";
    static final String CODE_FORM = "platform-auth-exchange-code-form.ftl";
    static final int MAX_ATTEMPTS = 5;

    static final String NOTE_EMAIL = "platform-auth.exchange-code.email";
    static final String NOTE_SENT_AT = "platform-auth.exchange-code.sent-at";
    static final String NOTE_NONCE = "platform-auth.exchange-code.nonce";
    static final String NOTE_ATTEMPTS = "platform-auth.exchange-code.attempts";

    static final String MSG_EMAIL_INVALID = "platformAuthEmailInvalid";
    static final String MSG_CODE_INVALID = "platformAuthCodeInvalid";
    static final String MSG_CODE_REQUIRED = "platformAuthCodeRequired";
    static final String MSG_CODE_RESENT = "platformAuthCodeResent";
    static final String MSG_RESEND_TOO_SOON = "platformAuthResendTooSoon";
    static final String MSG_TOO_MANY_ATTEMPTS = "platformAuthCodeTooManyAttempts";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user != null && user.getEmail() != null && !user.getEmail().isBlank()) {
            startWithEmail(context, user.getEmail());
            return;
        }
        context.challenge(context.form().createForm(EMAIL_FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        String email = authSession.getAuthNote(NOTE_EMAIL);

        if (email == null || form.containsKey("email")) {
            String entered = form.getFirst("email");
            if (entered == null || entered.isBlank() || entered.length() > 254
                    || !EmailValidationUtil.isValidEmail(entered.trim())) {
                context.challenge(context.form().setError(MSG_EMAIL_INVALID).createForm(EMAIL_FORM));
                return;
            }
            startWithEmail(context, entered.trim());
            return;
        }
        if ("true".equals(form.getFirst("resend"))) {
            resend(context, email);
            return;
        }
        verify(context, email, form.getFirst("code"));
    }

    private void startWithEmail(AuthenticationFlowContext context, String email) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_EMAIL, email.toLowerCase(Locale.ROOT));
        authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, email);
        send(context, email);
        context.challenge(codeForm(context, email).createForm(CODE_FORM));
    }

    private void resend(AuthenticationFlowContext context, String email) {
        ExchangeCodeSettings settings = settings(context);
        long wait = cooldown(context.getAuthenticationSession(), settings);
        LoginFormsProvider form = codeForm(context, email);
        if (wait > 0) {
            form.setError(MSG_RESEND_TOO_SOON, wait);
        } else {
            send(context, email);
            form = codeForm(context, email).setInfo(MSG_CODE_RESENT);
        }
        context.challenge(form.createForm(CODE_FORM));
    }

    private void verify(AuthenticationFlowContext context, String email, String code) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        context.getEvent().detail(PlatformAuth.DETAIL_LOGIN_METHOD, PlatformAuth.METHOD_EXCHANGE_CODE)
                .detail(Details.USERNAME, email);
        if (code == null || code.isBlank()) {
            context.challenge(codeForm(context, email).setError(MSG_CODE_REQUIRED).createForm(CODE_FORM));
            return;
        }
        ExchangeCodes.Redemption redemption = code.length() > 128
                ? new ExchangeCodes.Refused(org.keycloak.events.Errors.INVALID_CODE, "too long")
                : ExchangeCodes.redeem(context.getSession(), context.getRealm(), code, null,
                        ExchangeCodes.Origin.BROWSER, binding(authSession));
        if (redemption instanceof ExchangeCodes.Redeemed redeemed
                && email.equalsIgnoreCase(redeemed.user().getEmail())
                && (context.getUser() == null || context.getUser().getId().equals(redeemed.user().getId()))) {
            authSession.removeAuthNote(NOTE_ATTEMPTS);
            context.setUser(redeemed.user());
            context.success();
            return;
        }
        String error = redemption instanceof ExchangeCodes.Refused refused ? refused.eventError()
                : org.keycloak.events.Errors.INVALID_CODE;
        context.getEvent().error(error);
        int attempts = parseInt(authSession.getAuthNote(NOTE_ATTEMPTS)) + 1;
        LoginFormsProvider form = codeForm(context, email);
        if (attempts >= MAX_ATTEMPTS) {
            // the pending code can no longer be redeemed in this login: a new one must be requested
            authSession.setAuthNote(NOTE_NONCE, SecretCodes.randomUrlSafe(16));
            authSession.removeAuthNote(NOTE_ATTEMPTS);
            form.setError(MSG_TOO_MANY_ATTEMPTS);
        } else {
            authSession.setAuthNote(NOTE_ATTEMPTS, String.valueOf(attempts));
            form.setError(MSG_CODE_INVALID);
        }
        Response challenge = form.createForm(CODE_FORM);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, challenge);
    }

    private void send(AuthenticationFlowContext context, String email) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(NOTE_SENT_AT, String.valueOf(Time.currentTime()));
        if (authSession.getAuthNote(NOTE_NONCE) == null) {
            authSession.setAuthNote(NOTE_NONCE, SecretCodes.randomUrlSafe(16));
        }
        ExchangeCodes.requestInBackground(context.getSession(), context.getRealm(), email, settings(context),
                ExchangeCodes.Origin.BROWSER, null, binding(authSession));
    }

    private LoginFormsProvider codeForm(AuthenticationFlowContext context, String email) {
        return context.form()
                .setAttribute("maskedEmail", mask(email))
                .setAttribute("resendCooldown", cooldown(context.getAuthenticationSession(), settings(context)));
    }

    /** Seconds until a resend is allowed in this login (0: now). */
    static long cooldown(AuthenticationSessionModel authSession, ExchangeCodeSettings settings) {
        int sentAt = parseInt(authSession.getAuthNote(NOTE_SENT_AT));
        long remaining = (long) sentAt + settings.resendIntervalSeconds() - Time.currentTime();
        return Math.max(0, remaining);
    }

    /** Ties a code to this login: the browser tab's authentication session plus a per-login nonce. */
    private static String binding(AuthenticationSessionModel authSession) {
        return authSession.getParentSession().getId() + "." + authSession.getTabId() + "."
                + authSession.getAuthNote(NOTE_NONCE);
    }

    private static ExchangeCodeSettings settings(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> values = config == null ? null : config.getConfig();
        return ExchangeCodeSettings.fromConfig(values);
    }

    /** {@code alice@example.com} becomes {@code a***e@example.com}. */
    static String mask(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        String local = email.substring(0, at);
        String shown = local.length() <= 2 ? local.substring(0, 1) + "***"
                : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return shown + email.substring(at);
    }

    private static int parseInt(String value) {
        if (value == null) {
            return 0;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return user.getEmail() != null && !user.getEmail().isBlank();
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
