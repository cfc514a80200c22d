package dev.platformauth.rest.account;

import dev.platformauth.common.security.Caller;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

class GlobalAdminsTest {

    private final RealmModel realm = mock(RealmModel.class);
    private final ClientModel authService = mock(ClientModel.class);
    private final ClientModel realmManagement = mock(ClientModel.class);
    private final RoleModel superuser = mock(RoleModel.class);
    private final RoleModel admin = mock(RoleModel.class);
    private final RoleModel manageUsers = mock(RoleModel.class);
    private final RoleModel viewUsers = mock(RoleModel.class);
    private final UserModel user = mock(UserModel.class);
    /** The token's client: full scope unless a test says otherwise. */
    private final ClientModel app = mock(ClientModel.class);

    @BeforeEach
    void realmWithRoles() {
        when(realm.getRole("superuser")).thenReturn(superuser);
        when(realm.getRole("platform-admin")).thenReturn(admin);
        when(realm.getClientByClientId("realm-management")).thenReturn(realmManagement);
        when(realmManagement.getRole("manage-users")).thenReturn(manageUsers);
        when(realmManagement.getRole("view-users")).thenReturn(viewUsers);
        when(app.hasScope(org.mockito.ArgumentMatchers.any())).thenReturn(true);
    }

    private Caller caller(UserModel who) {
        return new Caller(null, who, null, app);
    }

    @Test
    @DisplayName("given a plain user then neither global admin nor lister")
    void plainUser() {
        GlobalAdmins admins = new GlobalAdmins(realm, authService);
        assertThat(admins.isGlobalAdmin(user)).isFalse();
        assertThat(admins.actsAsGlobalAdmin(caller(user))).isFalse();
        assertThat(admins.mayListUsers(caller(user))).isFalse();
        assertThat(admins.isSuperuser(user)).isFalse();
    }

    @Test
    @DisplayName("given the superuser role or manage-users then a global admin; view-users may only list")
    void roles() {
        GlobalAdmins admins = new GlobalAdmins(realm, authService);
        when(user.hasRole(superuser)).thenReturn(true);
        assertThat(admins.isGlobalAdmin(user)).isTrue();
        assertThat(admins.actsAsGlobalAdmin(caller(user))).isTrue();
        assertThat(admins.isSuperuser(user)).isTrue();

        UserModel manager = mock(UserModel.class);
        when(manager.hasRole(manageUsers)).thenReturn(true);
        assertThat(admins.isGlobalAdmin(manager)).isTrue();
        assertThat(admins.actsAsGlobalAdmin(caller(manager))).isTrue();
        assertThat(admins.isSuperuser(manager)).isFalse();

        UserModel viewer = mock(UserModel.class);
        when(viewer.hasRole(viewUsers)).thenReturn(true);
        assertThat(admins.isGlobalAdmin(viewer)).isFalse();
        assertThat(admins.actsAsGlobalAdmin(caller(viewer))).isFalse();
        assertThat(admins.mayListUsers(caller(viewer))).isTrue();
    }

    @Test
    @DisplayName("given a token client whose scope leaves a role out then the caller cannot use it, though the user holds it")
    void clientScope() {
        GlobalAdmins admins = new GlobalAdmins(realm, authService);
        when(user.hasRole(superuser)).thenReturn(true);
        when(user.hasRole(viewUsers)).thenReturn(true);
        when(app.hasScope(superuser)).thenReturn(false);
        assertThat(admins.isGlobalAdmin(user)).as("what the account is").isTrue();
        assertThat(admins.actsAsGlobalAdmin(caller(user))).isFalse();
        assertThat(admins.mayListUsers(caller(user))).as("view-users is in the scope").isTrue();
        when(app.hasScope(viewUsers)).thenReturn(false);
        assertThat(admins.mayListUsers(caller(user))).isFalse();
    }

    @Test
    @DisplayName("given a role name in the realm attribute then that realm role makes superusers; the same name as a "
            + "client attribute (open to whoever may configure the client) is not read")
    void configuredRole() {
        when(authService.getAttribute(GlobalAdmins.SUPERUSER_ROLE_ATTRIBUTE)).thenReturn("default-roles-test");
        assertThat(new GlobalAdmins(realm, authService).superuserRoleName()).isEqualTo("superuser");
        when(realm.getAttribute(GlobalAdmins.SUPERUSER_ROLE_ATTRIBUTE)).thenReturn(" platform-admin ");
        GlobalAdmins admins = new GlobalAdmins(realm, authService);
        when(user.hasRole(superuser)).thenReturn(true);
        assertThat(admins.superuserRoleName()).isEqualTo("platform-admin");
        assertThat(admins.isSuperuser(user)).isFalse();
        when(user.hasRole(admin)).thenReturn(true);
        assertThat(admins.isSuperuser(user)).isTrue();
    }

    @Test
    @DisplayName("given a realm without the role or realm-management then nobody is an admin")
    void missingRoles() {
        RealmModel bare = mock(RealmModel.class);
        GlobalAdmins admins = new GlobalAdmins(bare, authService);
        assertThat(admins.superuserRole()).isNull();
        assertThat(admins.isGlobalAdmin(user)).isFalse();
        assertThat(admins.mayListUsers(caller(user))).isFalse();
    }
}
