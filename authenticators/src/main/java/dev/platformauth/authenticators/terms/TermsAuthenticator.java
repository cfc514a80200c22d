package dev.platformauth.authenticators.terms;

import dev.platformauth.common.terms.Terms;
import dev.platformauth.common.terms.TermsAcceptances;
import dev.platformauth.common.terms.TermsConfig;
import dev.platformauth.common.terms.TermsPolicy;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import java.util.Optional;

/**
 * "Platform terms check": a flow step after the user is known. It never blocks by itself: when the
 * user's accepted version (user attribute) is not the version that applies to them now, it adds the
 * required action {@value TermsConfig#PROVIDER_ID} to this login, which shows the terms once the
 * flow has finished. Terms switched off (no version, action disabled) make it a no-op, and so does a
 * login that continues a login-as session (nobody accepts on a user's behalf).
 */
final class TermsAuthenticator implements Authenticator {

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        KeycloakSession session = context.getSession();
        RealmModel realm = context.getRealm();
        OrganizationModel organization = TermsRequiredAction.loginOrganization(session, realm,
                context.getAuthenticationSession(), user);
        Optional<Terms> terms = TermsPolicy.forUser(session, realm, user, organization, session.getContext().resolveLocale(user));
        if (terms.isPresent() && !TermsAcceptances.accepted(user, terms.get())
                && !TermsRequiredAction.actingFor(session, realm, user)) {
            context.getAuthenticationSession().addRequiredAction(TermsConfig.PROVIDER_ID);
        }
        context.success();
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.success();
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
