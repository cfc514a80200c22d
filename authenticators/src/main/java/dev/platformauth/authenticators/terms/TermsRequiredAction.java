package dev.platformauth.authenticators.terms;

import dev.platformauth.common.security.PrivilegeBoundary;
import dev.platformauth.common.terms.Terms;
import dev.platformauth.common.terms.TermsAcceptances;
import dev.platformauth.common.terms.TermsLogEntry;
import dev.platformauth.common.terms.TermsPolicy;
import jakarta.ws.rs.core.MultivaluedMap;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Optional;

/**
 * "Platform terms and conditions": shows the terms that apply to the user (realm config, or the
 * override of the login's organization) with accept and decline. Accept stores the version on the
 * user and appends a row to the acceptance log; decline ends the login ({@code access_denied} back to
 * the client). Keycloak records both as CUSTOM_REQUIRED_ACTION(_ERROR) events, with our details.
 * The version shown is remembered in the login, so a version bumped between showing and accepting
 * shows the new terms instead of recording an acceptance of terms the user never saw.
 */
final class TermsRequiredAction implements RequiredActionProvider {

    static final String FORM = "platform-auth-terms.ftl";
    static final String NOTE_SHOWN_VERSION = "platform-auth.terms.shown-version";
    static final String MSG_CHANGED = "platformAuthTermsChanged";
    /** OAuth {@code error_description} of a declined login ({@code error=access_denied}). */
    static final String DECLINED_DESCRIPTION = "The user declined the terms and conditions";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        // the authenticator platform-auth-terms is the trigger: admins choose the flows it runs in
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        if (actingFor(context.getSession(), context.getRealm(), context.getUser())) {
            // an impersonator at the keyboard: not asked, nothing recorded, the user's own action stays
            context.ignore();
            return;
        }
        Optional<Terms> terms = terms(context);
        if (terms.isEmpty()) {
            // terms switched off since the action was added: nothing to accept
            context.success();
            return;
        }
        context.challenge(page(context, terms.get()).createForm(FORM));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        if (actingFor(context.getSession(), context.getRealm(), context.getUser())) {
            context.ignore();
            return;
        }
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        AuthenticationSessionModel authSession = context.getAuthenticationSession();
        Optional<Terms> current = terms(context);
        if (current.isEmpty()) {
            context.success();
            return;
        }
        Terms terms = current.get();
        if (form.containsKey("decline")) {
            TermsAcceptances.details(context.getEvent(), terms, TermsAcceptances.DECLINED, TermsAcceptances.SOURCE_LOGIN);
            authSession.removeAuthNote(NOTE_SHOWN_VERSION);
            context.failure(DECLINED_DESCRIPTION);
            return;
        }
        if (!form.containsKey("accept") || !terms.version().equals(authSession.getAuthNote(NOTE_SHOWN_VERSION))) {
            context.challenge(page(context, terms).setInfo(MSG_CHANGED).createForm(FORM));
            return;
        }
        TermsLogEntry entry = TermsAcceptances.accept(context.getSession(), context.getRealm(), context.getUser(), terms,
                authSession.getClient(), TermsAcceptances.SOURCE_LOGIN);
        TermsAcceptances.details(context.getEvent(), terms, TermsAcceptances.ACCEPTED, TermsAcceptances.SOURCE_LOGIN)
                .detail(TermsAcceptances.DETAIL_LOG_ID, entry.id());
        authSession.removeAuthNote(NOTE_SHOWN_VERSION);
        context.success();
    }

    private static LoginFormsProvider page(RequiredActionContext context, Terms terms) {
        context.getAuthenticationSession().setAuthNote(NOTE_SHOWN_VERSION, terms.version());
        LoginFormsProvider form = context.form()
                .setAttribute("termsVersion", terms.version());
        if (terms.url() != null) {
            form.setAttribute("termsUrl", terms.url());
        }
        if (terms.text() != null) {
            form.setAttribute("termsText", terms.text());
        }
        if (terms.organizationName() != null) {
            form.setAttribute("termsOrganization", terms.organizationName());
        }
        return form;
    }

    /**
     * Whether this browser login continues a login-as (impersonation) session of {@code user} through
     * the SSO cookie: the person at the keyboard is the impersonator, and nobody accepts terms on a
     * user's behalf (the sentinel acceptance routes refuse login-as sessions too).
     */
    static boolean actingFor(KeycloakSession session, RealmModel realm, UserModel user) {
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(session, realm, true);
        // the getters, not the record accessors of Keycloak 26.5+: every supported line has them
        return sso != null && sso.getSession() != null && sso.getUser() != null && user != null
                && sso.getUser().getId().equals(user.getId()) && PrivilegeBoundary.isLoginAs(sso.getSession());
    }

    /** The terms for this login: resolved for the login's organization when the user is its member. */
    static Optional<Terms> terms(RequiredActionContext context) {
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        OrganizationModel organization = loginOrganization(session, realm, context.getAuthenticationSession(), user);
        return TermsPolicy.forUser(session, realm, user, organization, session.getContext().resolveLocale(user));
    }

    /** The organization this login is for (Keycloak's {@code kc.org} note), when the user is a member; else null. */
    static OrganizationModel loginOrganization(KeycloakSession session, RealmModel realm,
                                               AuthenticationSessionModel authSession, UserModel user) {
        String orgId = authSession.getClientNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (orgId == null) {
            orgId = authSession.getAuthNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        }
        if (orgId == null) {
            return null;
        }
        OrganizationModel organization = TermsPolicy.organization(session, realm, orgId);
        return TermsPolicy.isMember(session, realm, organization, user) ? organization : null;
    }

    @Override
    public void close() {
    }
}
