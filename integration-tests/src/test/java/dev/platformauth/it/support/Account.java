package dev.platformauth.it.support;

import java.util.UUID;

/**
 * A test account: an enabled user with a verified email, first and last name and a non-temporary
 * password ({@link TestRealm#createUser}), under a random name so tests never share one.
 */
public record Account(String id, String username, String email, String password) {

    /** A new account named {@code u-…} with an address at {@code example.test}. */
    public static Account create(TestRealm realm) {
        return create(realm, "u");
    }

    /** A new account named {@code prefix-…} (readable in failures) with an address at {@code example.test}. */
    public static Account create(TestRealm realm, String prefix) {
        return create(realm, prefix, "example.test");
    }

    /** A new account named {@code prefix-…} with an address at {@code emailDomain}. */
    public static Account create(TestRealm realm, String prefix, String emailDomain) {
        String username = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String email = username + "@" + emailDomain;
        String password = "Secret-" + username + "-1";
        return new Account(realm.createUser(username, email, password), username, email, password);
    }
}
