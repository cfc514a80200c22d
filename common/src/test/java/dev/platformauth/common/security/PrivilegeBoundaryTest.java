package dev.platformauth.common.security;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.GroupModel;
import org.keycloak.models.ImpersonationSessionNote;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.ErrorResponseException;

import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class PrivilegeBoundaryTest {

    private static UserModel user(String id, RoleModel... directRoles) {
        UserModel user = mock(UserModel.class);
        when(user.getId()).thenReturn(id);
        when(user.getRoleMappingsStream()).thenAnswer(invocation -> Stream.of(directRoles));
        return user;
    }

    private static RoleModel role(String name, RoleModel... composites) {
        RoleModel role = mock(RoleModel.class, name);
        when(role.getCompositesStream()).thenAnswer(invocation -> Stream.of(composites));
        return role;
    }

    private static UserSessionModel session(String note, String value) {
        UserSessionModel session = mock(UserSessionModel.class);
        if (note != null) {
            when(session.getNote(note)).thenReturn(value);
        }
        return session;
    }

    private static UserSessionModel fullSignIn() {
        return session(null, null);
    }

    private static UserSessionModel loginAs() {
        return session(ImpersonationSessionNote.IMPERSONATOR_ID.toString(), "agent-id");
    }

    private static UserSessionModel entityTokenSession() {
        return session(PrivilegeBoundary.ENTITY_TOKEN_SESSION_NOTE, "token-id");
    }

    private static Caller caller(UserModel user, UserSessionModel session) {
        return new Caller(null, user, session, null);
    }

    @Nested
    @DisplayName("sessions")
    class Sessions {

        @Test
        @DisplayName("given a session with an impersonator when asked then it is refused as a login-as session naming the action")
        void loginAsSession() {
            PrivilegeBoundary.Refusal refusal = PrivilegeBoundary.sessionRefusal(loginAs(), "create entity tokens").orElseThrow();
            assertThat(refusal.reason()).isEqualTo("login-as session");
            assertThat(refusal.description()).isEqualTo("A login-as session cannot create entity tokens");
            assertThat(PrivilegeBoundary.isLoginAs(loginAs())).isTrue();
        }

        @Test
        @DisplayName("given a session opened by the entity-token grant when asked then it is refused too")
        void entityTokenSessionRefused() {
            PrivilegeBoundary.Refusal refusal = PrivilegeBoundary.sessionRefusal(entityTokenSession(), "change the password")
                    .orElseThrow();
            assertThat(refusal.reason()).isEqualTo("entity-token session");
            assertThat(refusal.description()).endsWith("cannot change the password");
            assertThat(PrivilegeBoundary.isEntityTokenSession(entityTokenSession())).isTrue();
            assertThat(PrivilegeBoundary.isLoginAs(entityTokenSession())).isFalse();
        }

        @Test
        @DisplayName("given a full sign-in when asked then nothing is refused")
        void fullSignInPasses() {
            assertThat(PrivilegeBoundary.sessionRefusal(fullSignIn(), "accept terms")).isEmpty();
            UserModel alice = user("alice");
            assertThatCode(() -> PrivilegeBoundary.requireFullSignIn(caller(alice, fullSignIn()), "accept terms"))
                    .doesNotThrowAnyException();
        }

        @Test
        @DisplayName("given a login-as session acting on its own user when required then 403 forbidden all the same")
        void loginAsForOwnUser() {
            UserModel alice = user("alice");
            assertThatThrownBy(() -> PrivilegeBoundary.requireMayActFor(caller(alice, loginAs()), alice, "rotate entity tokens"))
                    .isInstanceOfSatisfying(ErrorResponseException.class, e -> {
                        assertThat(e.getResponse().getStatus()).isEqualTo(403);
                        assertThat(body(e)).containsEntry("error", "forbidden")
                                .containsEntry("error_description", "A login-as session cannot rotate entity tokens");
                    });
        }
    }

    @Nested
    @DisplayName("targets")
    class Targets {

        @Test
        @DisplayName("given the caller themself when asked then always allowed, even a service account")
        void self() {
            UserModel service = user("svc", role("payroll"));
            when(service.getServiceAccountClientLink()).thenReturn("client-id");
            assertThat(PrivilegeBoundary.targetRefusal(service, service)).isEmpty();
        }

        @Test
        @DisplayName("given a service-account target when asked then refused whatever the caller holds")
        void serviceAccount() {
            UserModel admin = user("admin");
            when(admin.hasRole(any())).thenReturn(true);
            UserModel service = user("svc");
            when(service.getServiceAccountClientLink()).thenReturn("client-id");
            assertThat(PrivilegeBoundary.targetRefusal(admin, service)).get()
                    .extracting(PrivilegeBoundary.Refusal::reason).isEqualTo("service account");
        }

        @Test
        @DisplayName("given a target with a direct role the caller lacks when asked then refused; holding it too, allowed")
        void directRole() {
            RoleModel payroll = role("payroll");
            UserModel target = user("target", payroll);
            UserModel caller = user("caller");
            assertThat(PrivilegeBoundary.targetRefusal(caller, target)).get()
                    .extracting(PrivilegeBoundary.Refusal::reason).isEqualTo("target holds a role the caller lacks");
            when(caller.hasRole(payroll)).thenReturn(true);
            assertThat(PrivilegeBoundary.targetRefusal(caller, target)).isEmpty();
        }

        @Test
        @DisplayName("given a role inside a composite the target holds when the caller holds only the inner role then refused")
        void compositeExpanded() {
            RoleModel manageUsers = role("manage-users");
            RoleModel realmAdmin = role("realm-admin", manageUsers);
            UserModel target = user("target", realmAdmin);
            UserModel caller = user("caller");
            when(caller.hasRole(manageUsers)).thenReturn(true);
            assertThat(PrivilegeBoundary.roleBeyondCaller(target, caller)).contains(realmAdmin);

            // a realm admin reaches another realm admin: hasRole covers the composite and what it contains
            when(caller.hasRole(realmAdmin)).thenReturn(true);
            assertThat(PrivilegeBoundary.targetRefusal(caller, target)).isEmpty();

        }

        @Test
        @DisplayName("given a role the target holds through a parent group when the caller lacks it then refused")
        void groupRoles() {
            RoleModel auditor = role("view-events");
            GroupModel parent = mock(GroupModel.class);
            when(parent.getRoleMappingsStream()).thenAnswer(invocation -> Stream.of(auditor));
            GroupModel child = mock(GroupModel.class);
            when(child.getRoleMappingsStream()).thenAnswer(invocation -> Stream.empty());
            when(child.getParentId()).thenReturn("parent-id");
            when(child.getParent()).thenReturn(parent);
            UserModel target = user("target");
            when(target.getGroupsStream()).thenAnswer(invocation -> Stream.of(child));
            UserModel caller = user("caller");
            assertThat(PrivilegeBoundary.roleBeyondCaller(target, caller)).contains(auditor);
        }

        @Test
        @DisplayName("given a full sign-in and a plain target when required then it goes ahead")
        void plainTargetAllowed() {
            RoleModel defaults = role("default-roles");
            UserModel caller = user("caller", defaults);
            when(caller.hasRole(defaults)).thenReturn(true);
            UserModel target = user("target", defaults);
            assertThatCode(() -> PrivilegeBoundary.requireMayActFor(caller(caller, fullSignIn()), target, "update users"))
                    .doesNotThrowAnyException();
            assertThat(PrivilegeBoundary.refusal(caller(caller, entityTokenSession()), target, "update users")).get()
                    .extracting(PrivilegeBoundary.Refusal::reason).isEqualTo("entity-token session");
        }
    }

    @Test
    @DisplayName("given a refusal when it refuses an event then the event errors with not_allowed and the reason, and the answer is 403")
    void refusalRecordsEvent() {
        EventBuilder event = mock(EventBuilder.class, RETURNS_SELF);
        PrivilegeBoundary.Refusal refusal = new PrivilegeBoundary.Refusal("login-as session", "A login-as session cannot accept terms");
        ErrorResponseException exception = refusal.refuse(event);
        verify(event).detail(Details.REASON, "login-as session");
        verify(event).error(Errors.NOT_ALLOWED);
        assertThat(exception.getResponse().getStatus()).isEqualTo(403);
        assertThat(body(exception)).containsEntry("error_description", "A login-as session cannot accept terms");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> body(ErrorResponseException e) {
        return (Map<String, String>) e.getResponse().getEntity();
    }
}
