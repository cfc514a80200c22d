package dev.platformauth.it.account;

import dev.platformauth.it.support.EmailSignIns;
import dev.platformauth.it.support.Http;
import dev.platformauth.it.support.HttpResult;
import dev.platformauth.it.support.TestRealm;
import java.util.List;
import java.util.Map;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Accounts as an attacker or an owner leaves them: signed up over the API, with second factors
 * enrolled through the admin REST API (a user representation carrying the credential, as a realm
 * import does; it stands in for the enrolment pages, whose result is the same stored credential).
 */
final class AccountCredentials {

    static final String OTP = "otp";
    static final String WEBAUTHN = "webauthn";
    static final String PASSKEY = "webauthn-passwordless";

    private AccountCredentials() {
    }

    /** {@code users/signup}: an enabled account with an unverified email and a password; returns its id. */
    static String signUp(TestRealm realm, String email, String password) {
        HttpResult created = Http.postJson(realm.url() + EmailSignIns.V2 + "/users/signup",
                "{\"email\":\"" + email + "\",\"full_name\":\"Someone Else\",\"password\":\"" + password + "\"}", Map.of());
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        UserRepresentation user = realm.resource().users().get(created.json().get("id").asText()).toRepresentation();
        assertThat(user.isEmailVerified()).isFalse();
        return user.getId();
    }

    /** Adds a stored credential of {@code type} ({@link #OTP}, {@link #WEBAUTHN} or {@link #PASSKEY}) to the user. */
    static void enrol(TestRealm realm, String userId, String type) {
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(type);
        credential.setUserLabel(type + " of the test");
        if (OTP.equals(type)) {
            credential.setSecretData("{\"value\":\"JBSWY3DPEHPK3PXP\"}");
            credential.setCredentialData("{\"subType\":\"totp\",\"digits\":6,\"counter\":0,\"period\":30,\"algorithm\":\"HmacSHA1\"}");
        } else {
            credential.setSecretData("{}");
            credential.setCredentialData("{\"aaguid\":\"00000000-0000-0000-0000-000000000000\",\"credentialId\":\"dGVzdC1jcmVkZW50aWFs\","
                    + "\"counter\":0,\"credentialPublicKey\":\"pQECAyYgASFYIA\",\"attestationStatementFormat\":\"none\"}");
        }
        UserResource user = realm.resource().users().get(userId);
        UserRepresentation representation = user.toRepresentation();
        representation.setCredentials(List.of(credential));
        user.update(representation);
        assertThat(types(realm, userId)).as("enrolled %s", type).contains(type);
    }

    /** The types of the user's stored credentials. */
    static List<String> types(TestRealm realm, String userId) {
        return realm.resource().users().get(userId).credentials().stream().map(CredentialRepresentation::getType).toList();
    }
}
