package dev.platformauth.it.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.platformauth.it.support.AuthServiceCalls;
import dev.platformauth.it.support.ClassRealm;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.KeycloakIntegrationTest;
import dev.platformauth.it.support.KeycloakServer;
import dev.platformauth.it.support.MailServer;
import dev.platformauth.it.support.TestRealm;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The realm and helpers of {@link UsersApiIT}, {@link UsersApiSignupIT}, {@link UsersApiUpdateIT}.
 *
 * {@code users/...}: sign-up, own password, the admin list and update, in the FastAPI template's shapes
 * and texts, against the real Keycloak. The realm is in Keycloak's default state for registration (the
 * login pages' "User registration" is off): the API's own switch decides.
 */
@KeycloakIntegrationTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class UsersApiFixture {

    static final String POLICY = "length(10) and notUsername";
    static final String SIGNUP_SWITCH = "platform-auth.signup.enabled";
    static final ObjectMapper JSON = new ObjectMapper();

    TestRealm realm;
    AuthServiceCalls api;

    @RegisterExtension
    static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.builder(keycloak, mail, "users-api")
            .customize(rep -> rep.setPasswordPolicy(POLICY))
            .create());

    @BeforeAll
    void createRealm(KeycloakServer keycloak, MailServer mail) {
        realm = REALM.get();
        api = new AuthServiceCalls(realm);
    }

    static String uniqueEmail() {
        return "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.test";
    }

    HttpResult signup(String email, String fullName, String password) {
        return signup(AuthServiceCalls.V2, email, fullName, password);
    }

    HttpResult signup(String prefix, String email, String fullName, String password) {
        return Http.postJson(api.url(prefix, "/users/signup"),
                "{\"email\":\"" + email + "\",\"full_name\":\"" + fullName + "\",\"password\":\"" + password + "\"}", Map.of());
    }
}
