package dev.platformauth.authenticators.mailed;

import dev.platformauth.common.config.ConfigValues;
import dev.platformauth.common.mail.SendLimits;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.AbstractUsernameFormAuthenticator;
import org.keycloak.common.util.Time;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.UserModel;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Locale;

/**
 * The page flow every "emailed code" login step shares (email exchange code, email OTP): ask for the
 * address unless an earlier step identified the user, mail a code in the background (the pages look
 * the same whether the address has an account), then the code page with a resend that waits for the
 * resend interval. When a send limit refuses, the code page says that nothing was sent and when to
 * ask again. Subclasses mail and check their own kind of code.
 */
public abstract class EmailCodeLogin extends MailedLoginStep {

    public static final String EMAIL_FORM = "platform-auth-exchange-code-email.ftl";
    public static final String CODE_FORM = "platform-auth-exchange-code-form.ftl";

    public static final String MSG_EMAIL_INVALID = "platformAuthEmailInvalid";
    public static final String MSG_CODE_INVALID = "platformAuthCodeInvalid";
    static final String MSG_CODE_REQUIRED = "platformAuthCodeRequired";
    static final String MSG_CODE_RESENT = "platformAuthCodeResent";
    static final String MSG_RESEND_TOO_SOON = "platformAuthResendTooSoon";
    /** No code was sent: one was requested for the address moments ago; {0}: masked address, {1}: seconds. */
    static final String MSG_CODE_NOT_SENT = "platformAuthCodeNotSent";

    private final String noteEmail;
    private final String noteSentAt;

    /** @param notePrefix prefix of this step's auth-session notes, e.g. {@code platform-auth.email-otp} */
    protected EmailCodeLogin(String notePrefix) {
        this.noteEmail = notePrefix + ".email";
        this.noteSentAt = notePrefix + ".sent-at";
    }

    /** Mails a new code for {@code email} in this login (in the background), unless a send limit refuses. */
    protected abstract SendLimits.Decision send(AuthenticationFlowContext context, String email);

    /** Checks a non-blank entered {@code code} for {@code email}: success, or a challenge with an error. */
    protected abstract void verify(AuthenticationFlowContext context, String email, String code);

    /** The least time between two codes in one login. */
    protected abstract int resendIntervalSeconds(AuthenticationFlowContext context);

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
        String email = context.getAuthenticationSession().getAuthNote(noteEmail);
        if (email == null || form.containsKey("email")) {
            if (context.getUser() != null) {
                // the user is known: the address is theirs, not the form's
                authenticate(context);
                return;
            }
            String entered = validEmail(form.getFirst("email"));
            if (entered == null) {
                context.challenge(context.form().setError(MSG_EMAIL_INVALID).createForm(EMAIL_FORM));
                return;
            }
            startWithEmail(context, entered);
            return;
        }
        if ("true".equals(form.getFirst("resend"))) {
            resend(context, email);
            return;
        }
        String code = form.getFirst("code");
        if (code == null || code.isBlank()) {
            context.challenge(codeForm(context, email).setError(MSG_CODE_REQUIRED).createForm(CODE_FORM));
            return;
        }
        verify(context, email, code);
    }

    private void startWithEmail(AuthenticationFlowContext context, String email) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        authSession.setAuthNote(noteEmail, email.toLowerCase(Locale.ROOT));
        authSession.setAuthNote(AbstractUsernameFormAuthenticator.ATTEMPTED_USERNAME, email);
        context.challenge(sendNow(context, email, null).createForm(CODE_FORM));
    }

    private void resend(AuthenticationFlowContext context, String email) {
        long wait = cooldown(context.getAuthenticationSession(), noteSentAt, resendIntervalSeconds(context));
        if (wait > 0) {
            context.challenge(codeForm(context, email).setError(MSG_RESEND_TOO_SOON, wait).createForm(CODE_FORM));
            return;
        }
        context.challenge(sendNow(context, email, MSG_CODE_RESENT).createForm(CODE_FORM));
    }

    /**
     * Asks for a code and returns the code page: with {@code sentInfo} (may be null) when the code is on
     * its way, with the truth when a send limit refused (nothing sent, when to ask again; the resend
     * button waits that long).
     */
    private LoginFormsProvider sendNow(AuthenticationFlowContext context, String email, String sentInfo) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        SendLimits.Decision decision = send(context, email);
        if (decision instanceof SendLimits.Refused refused) {
            // the next send is due when the refusing limit allows it, not a whole interval from now
            long sentAt = Time.currentTime() + refused.retryAfterSeconds() - resendIntervalSeconds(context);
            authSession.setAuthNote(noteSentAt, String.valueOf(sentAt));
            return notSent(codeForm(context, email), refused, MSG_CODE_NOT_SENT, mask(email));
        }
        authSession.setAuthNote(noteSentAt, String.valueOf(Time.currentTime()));
        LoginFormsProvider form = codeForm(context, email);
        return sentInfo == null ? form : form.setInfo(sentInfo);
    }

    /** The code page for {@code email}: the masked address and the seconds until a resend. */
    protected final LoginFormsProvider codeForm(AuthenticationFlowContext context, String email) {
        return context.form()
                .setAttribute("maskedEmail", mask(email))
                .setAttribute("resendCooldown",
                        cooldown(context.getAuthenticationSession(), noteSentAt, resendIntervalSeconds(context)));
    }

    /** Seconds until a resend is allowed in this login (0: now). */
    public static long cooldown(AuthenticationSessionModel authSession, String noteSentAt, int resendIntervalSeconds) {
        int sentAt = ConfigValues.intOr(authSession.getAuthNote(noteSentAt), 0);
        long remaining = (long) sentAt + resendIntervalSeconds - Time.currentTime();
        return Math.max(0, remaining);
    }

    /** {@code alice@example.com} becomes {@code a***e@example.com}. */
    public static String mask(String email) {
        int at = email.indexOf('@');
        if (at <= 0) {
            return "***";
        }
        String local = email.substring(0, at);
        String shown = local.length() <= 2 ? local.substring(0, 1) + "***"
                : local.charAt(0) + "***" + local.charAt(local.length() - 1);
        return shown + email.substring(at);
    }

    /** Ties a code to this browser tab's login. */
    protected static String tabBinding(AuthenticationSessionModel authSession) {
        return authSession.getParentSession().getId() + "." + authSession.getTabId();
    }
}
