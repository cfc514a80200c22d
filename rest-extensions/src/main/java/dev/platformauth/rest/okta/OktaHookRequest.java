package dev.platformauth.rest.okta;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.utils.EmailValidationUtil;

import java.util.Optional;
import java.util.stream.Stream;

/**
 * What the hook reads from Okta's token inline hook request ({@code eventType}
 * {@code com.okta.oauth2.tokens.transform}): the Okta user id, the user's email address and which
 * tokens Okta is minting. Everything else in the request is ignored.
 *
 * <p>The Okta user id is {@code data.context.user.id}, else the ID token's {@code sub}, else the
 * access token's {@code uid} (its {@code sub} is the login, not the id). The verified email address
 * is the ID token's {@code email}, and only when the same claims say {@code "email_verified": true}
 * (the JSON boolean). The profile's {@code email} and {@code login} are never read: Okta does not
 * vouch for them, and anyone who can set their own Okta login could name another person's address.
 * See {@code docs/sentinel-sso-and-okta.md}.
 *
 * @param oktaUserId    the Okta user id ({@code 00u…}), if the request names one
 * @param verifiedEmail the email address Okta says it verified, to match a verified Keycloak account by
 * @param access        whether Okta is minting an access token ({@code data.access})
 * @param identity      whether Okta is minting an ID token ({@code data.identity})
 */
record OktaHookRequest(Optional<String> oktaUserId, Optional<String> verifiedEmail, boolean access, boolean identity) {

    static final String EVENT_TYPE = "com.okta.oauth2.tokens.transform";

    /** Longest id or address read; Okta's ids have 20 characters. */
    static final int MAX_VALUE_LENGTH = 254;

    static OktaHookRequest of(JsonNode body) {
        JsonNode data = body.path("data");
        JsonNode user = data.path("context").path("user");
        JsonNode idClaims = data.path("identity").path("claims");
        JsonNode accessClaims = data.path("access").path("claims");

        Optional<String> userId = firstText(user.path("id"), idClaims.path("sub"), accessClaims.path("uid"));

        boolean verified = idClaims.path("email_verified").isBoolean() && idClaims.path("email_verified").booleanValue();
        Optional<String> email = verified
                ? text(idClaims.path("email")).filter(EmailValidationUtil::isValidEmail)
                : Optional.empty();

        return new OktaHookRequest(userId, email, data.path("access").isObject(), data.path("identity").isObject());
    }

    private static Optional<String> firstText(JsonNode... nodes) {
        return Stream.of(nodes).map(OktaHookRequest::text).flatMap(Optional::stream).findFirst();
    }

    private static Optional<String> text(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return Optional.empty();
        }
        String value = node.asText().trim();
        return value.isEmpty() || value.length() > MAX_VALUE_LENGTH ? Optional.empty() : Optional.of(value);
    }
}
