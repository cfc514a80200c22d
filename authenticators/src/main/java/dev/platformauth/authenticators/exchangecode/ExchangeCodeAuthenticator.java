package dev.platformauth.authenticators.exchangecode;

import dev.platformauth.authenticators.mailed.EmailCodeLogin;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.exchangecode.ExchangeCodeSettings;
import dev.platformauth.common.exchangecode.ExchangeCodes;
import dev.platformauth.common.mail.SendLimits;
import dev.platformauth.common.secret.SecretCodes;
import jakarta.ws.rs.core.Response;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * "Email code": asks for the email address (or uses the user an earlier step identified), mails a
 * single-use code in the background (so the page looks the same whether the address has an account),
 * and signs in on the right code. Codes are bound to this login (they cannot be redeemed elsewhere);
 * wrong codes go through {@code failureChallenge}, which Keycloak's brute-force detector counts, and
 * after {@value #MAX_ATTEMPTS} wrong codes in one login a new code is needed.
 *
 * <p>That count is no guessing defence and so is kept in the login's notes (read, changed, written):
 * a code has at least 128 bits and is spent by its first presentation (one atomic remove), so a wrong
 * entry is simply another code and nothing counts attempts per code. The count only makes a user who
 * keeps mistyping ask for a fresh code; parallel posts of one login may undercount it, which costs
 * nothing. The per-account limit is Keycloak's brute-force detector.
 */
final class ExchangeCodeAuthenticator extends EmailCodeLogin {

    static final int MAX_ATTEMPTS = 5;

    static final String NOTE_SENT_AT = "platform-auth.exchange-code.sent-at";
    static final String NOTE_NONCE = "platform-auth.exchange-code.nonce";
    static final String NOTE_ATTEMPTS = "platform-auth.exchange-code.attempts";

    static final String MSG_TOO_MANY_ATTEMPTS = "platformAuthCodeTooManyAttempts";

    ExchangeCodeAuthenticator() {
        super("platform-auth.exchange-code");
    }

    @Override
    protected void verify(AuthenticationFlowContext context, String email, String code) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        context.getEvent().detail(PlatformAuth.DETAIL_LOGIN_METHOD, PlatformAuth.METHOD_EXCHANGE_CODE)
                .detail(Details.USERNAME, email);
        ExchangeCodes.Redemption redemption = code.length() > 128
                ? new ExchangeCodes.Refused(Errors.INVALID_CODE, "too long")
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
        String error = redemption instanceof ExchangeCodes.Refused refused ? refused.eventError() : Errors.INVALID_CODE;
        context.getEvent().error(error);
        int attempts = ConfigValues.intOr(authSession.getAuthNote(NOTE_ATTEMPTS), 0) + 1;
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

    @Override
    protected SendLimits.Decision send(AuthenticationFlowContext context, String email) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        if (authSession.getAuthNote(NOTE_NONCE) == null) {
            authSession.setAuthNote(NOTE_NONCE, SecretCodes.randomUrlSafe(16));
        }
        return ExchangeCodes.requestInBackground(context.getSession(), context.getRealm(), authSession.getClient(), email,
                settings(context), ExchangeCodes.Origin.BROWSER, null, binding(authSession));
    }

    @Override
    protected int resendIntervalSeconds(AuthenticationFlowContext context) {
        return settings(context).resendIntervalSeconds();
    }

    /** Seconds until a resend is allowed in this login (0: now). */
    static long cooldown(AuthenticationSessionModel authSession, ExchangeCodeSettings settings) {
        return cooldown(authSession, NOTE_SENT_AT, settings.resendIntervalSeconds());
    }

    /** Ties a code to this login: the browser tab's authentication session plus a per-login nonce. */
    private static String binding(AuthenticationSessionModel authSession) {
        return tabBinding(authSession) + "." + authSession.getAuthNote(NOTE_NONCE);
    }

    private static ExchangeCodeSettings settings(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        Map<String, String> values = config == null ? null : config.getConfig();
        return ExchangeCodeSettings.fromConfig(values);
    }
}
