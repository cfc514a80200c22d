package dev.platformauth.authenticators.emailotp;

import dev.platformauth.authenticators.mailed.EmailCodeLogin;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.emailotp.EmailOtpSettings;
import dev.platformauth.common.emailotp.EmailOtps;
import dev.platformauth.common.mail.SendLimits;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;

/**
 * "Email OTP": a short numeric code mailed to the user. As the first factor it asks for the address;
 * after a password step (the user is identified) it mails the user's own address at once. Codes are
 * bound to this login; each entry claims one of the account's attempts in the current window (the same
 * window as the API's when its length is the same; a second factor's window of its own) and one of the
 * code's attempt slots (atomic, in {@link EmailOtps}); each refused one counts, as an
 * {@code otp} failure, against the account in Keycloak's brute-force detector ({@link EmailOtps}
 * records it, so the step answers with a plain challenge rather than Keycloak's failure challenge,
 * which would count it twice).
 */
final class EmailOtpAuthenticator extends EmailCodeLogin {

    static final String METHOD = "email-otp";
    static final String MSG_TOO_MANY_ATTEMPTS = "platformAuthCodeTooManyAttempts";
    /** The account had its allowed entries in the current window: a new code does not help, waiting does. */
    static final String MSG_TOO_MANY_ACCOUNT_ATTEMPTS = "platformAuthCodeTooManyAccountAttempts";

    EmailOtpAuthenticator() {
        super("platform-auth.email-otp");
    }

    @Override
    protected SendLimits.Decision send(AuthenticationFlowContext context, String email) {
        return EmailOtps.requestInBackground(context.getSession(), context.getRealm(),
                context.getAuthenticationSession().getClient(), email, settings(context),
                tabBinding(context.getAuthenticationSession()), context.getUser() != null);
    }

    @Override
    protected void verify(AuthenticationFlowContext context, String email, String code) {
        context.getEvent().detail(PlatformAuth.DETAIL_LOGIN_METHOD, METHOD).detail(Details.USERNAME, email);
        String subject = EmailOtps.subject(email, tabBinding(context.getAuthenticationSession()));
        EmailOtps.Check check = EmailOtps.verify(context.getSession(), context.getRealm(), subject, code, settings(context));
        UserModel known = context.getUser();
        if (check instanceof EmailOtps.Verified verified
                && (known == null || known.getId().equals(verified.user().getId()))) {
            context.setUser(verified.user());
            context.success();
            return;
        }
        LoginFormsProvider form = codeForm(context, email);
        if (check instanceof EmailOtps.Exhausted exhausted) {
            context.getEvent().error(EmailOtps.ERROR_TOO_MANY_ATTEMPTS);
            if (exhausted.accountLimit()) {
                form.setError(MSG_TOO_MANY_ACCOUNT_ATTEMPTS, minutes(exhausted.retryAfterSeconds()));
            } else {
                form.setError(MSG_TOO_MANY_ATTEMPTS);
            }
        } else {
            context.getEvent().error(check instanceof EmailOtps.Refused refused ? refused.eventError() : Errors.INVALID_USER_CREDENTIALS);
            form.setError(MSG_CODE_INVALID);
        }
        context.challenge(form.createForm(CODE_FORM));
    }

    /** Whole minutes, rounded up, of {@code seconds}: the wait the page shows. */
    static long minutes(long seconds) {
        return Math.max(1, (seconds + 59) / 60);
    }

    @Override
    protected int resendIntervalSeconds(AuthenticationFlowContext context) {
        return settings(context).resendIntervalSeconds();
    }

    private static EmailOtpSettings settings(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return EmailOtpSettings.from(config == null ? null : config.getConfig());
    }
}
