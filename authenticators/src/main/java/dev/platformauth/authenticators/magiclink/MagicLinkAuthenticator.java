package dev.platformauth.authenticators.magiclink;

import dev.platformauth.authenticators.mailed.EmailCodeLogin;
import dev.platformauth.authenticators.mailed.MailedLoginStep;
import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.security.SecretPages;
import dev.platformauth.common.magiclink.MagicLinkSettings;
import dev.platformauth.common.magiclink.MagicLinks;
import dev.platformauth.common.mail.SendLimits;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.AuthenticatorConfigModel;
import org.keycloak.models.UserModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.OIDCLoginProtocolService;
import org.keycloak.protocol.oidc.endpoints.AuthorizationEndpoint;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/**
 * "Magic link": mails a single-use link; opening it shows a confirmation page (the GET spends nothing,
 * so mail scanners that open links cannot use it up) and only the page's POST signs in.
 *
 * <p>The link is the client's own authorization request again (client id, redirect URI, scope, state,
 * nonce, PKCE challenge of the login that asked) plus the token in {@value #LINK_PARAM}. Opened in the
 * browser that asked, Keycloak continues in the same authentication session (a new tab of it) and the
 * app receives the code for its pending login. Opened in another browser, Keycloak starts a fresh
 * authentication session there; that is refused unless the step's config allows other browsers, in
 * which case that browser is signed in and sent to the same redirect URI. The token stays live until
 * a POST redeems it, so a refused browser does not spend it.
 */
final class MagicLinkAuthenticator extends MailedLoginStep {

    static final String METHOD = "magic-link";
    static final String LINK_PARAM = "platform_auth_magic_link";

    static final String SENT_PAGE = "platform-auth-magic-link-sent.ftl";
    static final String CONFIRM_PAGE = "platform-auth-magic-link-confirm.ftl";

    static final String MSG_EMAIL_TITLE = "platformAuthMagicLinkTitle";
    static final String MSG_EMAIL_SUBMIT = "platformAuthMagicLinkSubmit";
    static final String MSG_LINK_INVALID = "platformAuthMagicLinkInvalid";
    static final String MSG_OTHER_BROWSER = "platformAuthMagicLinkOtherBrowser";
    /** No link was sent: one was requested for the address moments ago; {0}: masked address, {1}: seconds. */
    static final String MSG_LINK_NOT_SENT = "platformAuthMagicLinkNotSent";

    /** LOGIN_ERROR error of a link opened in another browser when the step does not allow that. */
    static final String ERROR_OTHER_BROWSER = "magic_link_other_browser";

    static final String NOTE_ROOT = "root";
    static final String NOTE_CLIENT = "client";

    /** Authorization-request parameters the link repeats, from the client notes of the login that asked. */
    private static final List<String> REPEATED = List.of(OIDCLoginProtocol.RESPONSE_TYPE_PARAM,
            OIDCLoginProtocol.REDIRECT_URI_PARAM, OIDCLoginProtocol.SCOPE_PARAM, OIDCLoginProtocol.STATE_PARAM,
            OIDCLoginProtocol.NONCE_PARAM, OIDCLoginProtocol.RESPONSE_MODE_PARAM,
            OIDCLoginProtocol.CODE_CHALLENGE_PARAM, OIDCLoginProtocol.CODE_CHALLENGE_METHOD_PARAM);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        String token = context.getUriInfo().getQueryParameters().getFirst(LINK_PARAM);
        if (token != null) {
            confirm(context, token);
            return;
        }
        UserModel user = context.getUser();
        if (user != null && user.getEmail() != null && !user.getEmail().isBlank()) {
            send(context, user.getEmail());
            return;
        }
        context.challenge(emailForm(context).createForm(EmailCodeLogin.EMAIL_FORM));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        if (form.containsKey("token")) {
            redeem(context, form.getFirst("token"));
            return;
        }
        UserModel user = context.getUser();
        if (user != null) {
            authenticate(context);
            return;
        }
        String entered = validEmail(form.getFirst("email"));
        if (entered == null) {
            context.challenge(emailForm(context).setError(EmailCodeLogin.MSG_EMAIL_INVALID).createForm(EmailCodeLogin.EMAIL_FORM));
            return;
        }
        send(context, entered);
    }

    /** GET of the link: the confirmation page; nothing is spent. */
    private void confirm(AuthenticationFlowContext context, String token) {
        // Keycloak keeps unknown authorization parameters as client notes: do not keep the secret there
        context.getAuthenticationSession().removeClientNote(
                AuthorizationEndpoint.LOGIN_SESSION_NOTE_ADDITIONAL_REQ_PARAMS_PREFIX + LINK_PARAM);
        Map<String, String> notes = MagicLinks.peek(context.getSession(), context.getRealm(), token, MagicLinks.Origin.BROWSER)
                .orElse(null);
        if (notes == null) {
            context.challenge(secretPage(context, emailForm(context).setError(MSG_LINK_INVALID)).createForm(EmailCodeLogin.EMAIL_FORM));
            return;
        }
        // the page names the account, so nobody is signed into someone else's account unawares
        // (e.g. a link forwarded to them to open in their own browser)
        context.challenge(secretPage(context, context.form().setAttribute("magicLinkToken", token)
                .setAttribute("magicLinkAccount", accountName(MagicLinks.holder(context.getSession(), context.getRealm(), notes))))
                .createForm(CONFIRM_PAGE));
    }

    /** POST of the confirmation page: spends the token and signs in. */
    private void redeem(AuthenticationFlowContext context, String token) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        context.getEvent().detail(PlatformAuth.DETAIL_LOGIN_METHOD, METHOD);
        Map<String, String> notes = token == null ? null
                : MagicLinks.peek(context.getSession(), context.getRealm(), token, MagicLinks.Origin.BROWSER).orElse(null);
        if (notes == null || !authSession.getClient().getClientId().equals(notes.get(NOTE_CLIENT))) {
            refuse(context, Errors.INVALID_CODE, MSG_LINK_INVALID);
            return;
        }
        if (!authSession.getParentSession().getId().equals(notes.get(NOTE_ROOT)) && !settings(context).otherBrowser()) {
            refuse(context, ERROR_OTHER_BROWSER, MSG_OTHER_BROWSER);
            return;
        }
        MagicLinks.Redemption redemption = MagicLinks.redeem(context.getSession(), context.getRealm(), token,
                MagicLinks.Origin.BROWSER, null);
        if (redemption instanceof MagicLinks.Refused refused) {
            refuse(context, refused.eventError(), MSG_LINK_INVALID);
            return;
        }
        UserModel user = ((MagicLinks.Redeemed) redemption).user();
        if (context.getUser() != null && !context.getUser().getId().equals(user.getId())) {
            refuse(context, Errors.INVALID_CODE, MSG_LINK_INVALID);
            return;
        }
        context.getEvent().detail(Details.USERNAME, user.getUsername());
        context.setUser(user);
        context.success();
    }

    /** How the confirmation page names the account: its email address, else its username; null when gone. */
    static String accountName(UserModel user) {
        if (user == null) {
            return null;
        }
        return user.getEmail() != null && !user.getEmail().isBlank() ? user.getEmail() : user.getUsername();
    }

    private void refuse(AuthenticationFlowContext context, String eventError, String message) {
        context.getEvent().error(eventError);
        context.challenge(secretPage(context, emailForm(context).setError(message)).createForm(EmailCodeLogin.EMAIL_FORM));
    }

    /**
     * Mails a link for {@code email} in the background and shows the "check your mail" page; when a send
     * limit refuses, the address page again with the reason and when to ask again.
     */
    private void send(AuthenticationFlowContext context, String email) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Map<String, String> notes = Map.of(NOTE_ROOT, authSession.getParentSession().getId(),
                NOTE_CLIENT, authSession.getClient().getClientId());
        SendLimits.Decision decision = MagicLinks.requestInBackground(context.getSession(), context.getRealm(),
                authSession.getClient(), email, settings(context), MagicLinks.Origin.BROWSER, linkBase(context),
                LINK_PARAM, notes);
        if (decision instanceof SendLimits.Refused refused) {
            // nothing was sent: say so, and when to ask again, instead of "check your email"
            context.challenge(notSent(emailForm(context), refused, MSG_LINK_NOT_SENT, EmailCodeLogin.mask(email))
                    .createForm(EmailCodeLogin.EMAIL_FORM));
            return;
        }
        context.challenge(context.form().setAttribute("maskedEmail", EmailCodeLogin.mask(email)).createForm(SENT_PAGE));
    }

    /** The authorization request of this login again, to which the token is added. */
    static String linkBase(AuthenticationFlowContext context) {
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        StringJoiner query = new StringJoiner("&");
        query.add(param(OIDCLoginProtocol.CLIENT_ID_PARAM, authSession.getClient().getClientId()));
        for (String name : REPEATED) {
            String value = authSession.getClientNote(name);
            if (value != null && !value.isEmpty()) {
                query.add(param(name, value));
            }
        }
        // the link starts a new request, perhaps in another browser: it keeps the language of this login
        if (context.getRealm().isInternationalizationEnabled()) {
            Locale locale = context.getSession().getContext().resolveLocale(context.getUser());
            if (locale != null) {
                query.add(param(OIDCLoginProtocol.UI_LOCALES_PARAM, locale.toLanguageTag()));
            }
        }
        return OIDCLoginProtocolService.authUrl(context.getUriInfo()).build(context.getRealm().getName()) + "?" + query;
    }

    private static String param(String name, String value) {
        return name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static LoginFormsProvider emailForm(AuthenticationFlowContext context) {
        return context.form().setAttribute("emailTitleKey", MSG_EMAIL_TITLE).setAttribute("emailSubmitKey", MSG_EMAIL_SUBMIT);
    }

    /** The landing page of a link that carries a secret in its URL must not leak it as a referrer ({@link SecretPages}). */
    private static LoginFormsProvider secretPage(AuthenticationFlowContext context, LoginFormsProvider form) {
        return SecretPages.headers(context.getSession(), context.getRealm(), form);
    }

    private static MagicLinkSettings settings(AuthenticationFlowContext context) {
        AuthenticatorConfigModel config = context.getAuthenticatorConfig();
        return MagicLinkSettings.from(config == null ? null : config.getConfig());
    }
}
