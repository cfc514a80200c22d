package dev.platformauth.it.support;

/**
 * Okta's token inline hook requests ({@code com.okta.oauth2.tokens.transform}) as the sentinel
 * {@code enrichToken} endpoint receives them: the one copy of the payload the tests send.
 */
public final class OktaHookRequests {

    private OktaHookRequests() {
    }

    /** Okta's request for a user whose address Okta verified (the ID token says {@code email_verified: true}). */
    public static String tokensTransform(String oktaUserId, String email) {
        return tokensTransform(oktaUserId, email, email, true);
    }

    /**
     * Okta's documented token inline hook request (reference "Sample JSON payload of a request"), for one
     * user: {@code login} is the Okta profile's login (which the user may choose), {@code idEmail} the ID
     * token's {@code email}, {@code emailVerified} its {@code email_verified} (null: absent).
     */
    public static String tokensTransform(String oktaUserId, String login, String idEmail, Boolean emailVerified) {
        String verified = emailVerified == null ? "" : ", \"email_verified\": " + emailVerified;
        return """
                {
                  "source": "https://northstar.okta.com/oauth2/default/v1/authorize",
                  "eventId": "3OWo4oo-QQ-rBWfRyTmQYw",
                  "eventTime": "2026-01-15T23:20:47.000Z",
                  "eventTypeVersion": "1.0",
                  "cloudEventVersion": "0.1",
                  "contentType": "application/json",
                  "eventType": "com.okta.oauth2.tokens.transform",
                  "data": {
                    "context": {
                      "request": {
                        "id": "reqv66CbCaCStGEFc8AdfS0ng",
                        "method": "GET",
                        "url": {"value": "https://northstar.okta.com/oauth2/default/v1/authorize?scope=openid+profile+email&response_type=code&client_id=app"},
                        "ipAddress": "127.0.0.1"
                      },
                      "protocol": {
                        "type": "OAUTH2.0",
                        "request": {"scope": "openid profile email", "response_type": "code", "client_id": "app"},
                        "issuer": {"uri": "https://northstar.okta.com/oauth2/default"},
                        "client": {"id": "app", "name": "Sentinel app", "type": "PUBLIC"}
                      },
                      "session": {"id": "102Qoe7t5PcRnSxr8j3I8I6pA", "userId": "%1$s", "login": "%2$s", "status": "ACTIVE",
                                  "amr": ["PASSWORD"], "idp": {"id": "00oq6kcVwvrDY2YsS0g3", "type": "OKTA"}, "mfaActive": false},
                      "user": {
                        "id": "%1$s",
                        "passwordChanged": "2025-09-11T23:19:12.000Z",
                        "profile": {"login": "%2$s", "firstName": "Terry", "lastName": "Teacher", "locale": "en", "timeZone": "America/Chicago"},
                        "_links": {"groups": {"href": "https://northstar.okta.com/%1$s/groups"}}
                      },
                      "policy": {"id": "00pq8lGaLlI8APuqY0g3", "rule": {"id": "0prq8mLKuKAmavOvq0g3"}}
                    },
                    "identity": {
                      "claims": {"sub": "%1$s", "name": "Terry Teacher", "email": "%3$s"%4$s, "ver": 1,
                                 "iss": "https://northstar.okta.com/oauth2/default", "aud": "app", "jti": "ID.YxF2whJfB3Eu4ktG",
                                 "amr": ["pwd"], "idp": "00oq6kcVwvrDY2YsS0g3", "preferred_username": "%2$s", "auth_time": 1768519229},
                      "token": {"lifetime": {"expiration": 3600}}
                    },
                    "access": {
                      "claims": {"ver": 1, "jti": "AT.W-rrB-z-kkZQmHW0e6VS3Or", "iss": "https://northstar.okta.com/oauth2/default",
                                 "aud": "api://default", "cid": "app", "uid": "%1$s", "sub": "%2$s", "preferred_username": "%2$s"},
                      "token": {"lifetime": {"expiration": 3600}},
                      "scopes": {"openid": {"id": "scpq7bW1cp6dcvrz80g3", "action": "GRANT"},
                                 "email": {"id": "scpq7dxsoz6LQlRj00g3", "action": "GRANT"}}
                    }
                  }
                }
                """.formatted(oktaUserId, login, idEmail, verified);
    }

    /** Okta's request when it mints only an access token: no ID token claims, just the profile's login. */
    public static String accessOnly(String oktaUserId, String login) {
        return """
                {"eventType": "com.okta.oauth2.tokens.transform",
                 "data": {"context": {"user": {"id": "%1$s", "profile": {"login": "%2$s", "email": "%2$s"}}},
                          "access": {"claims": {"uid": "%1$s", "sub": "%2$s"}}}}
                """.formatted(oktaUserId, login);
    }

    /** A request naming only the Okta user, no login and no claims. */
    public static String userOnly(String oktaUserId) {
        return """
                {"eventType": "com.okta.oauth2.tokens.transform", "data": {"context": {"user": {"id": "%s"}}}}
                """.formatted(oktaUserId);
    }
}
