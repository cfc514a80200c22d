package dev.platformauth.rest.account;

import dev.platformauth.common.PlatformAuth;
import dev.platformauth.common.error.JsonErrors;
import dev.platformauth.common.text.EnglishMessages;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.userprofile.UserProfile;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.userprofile.UserProfileProvider;
import org.keycloak.userprofile.ValidationException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Keeps a user's first and last name what the realm's user profile demands of the user themself (the
 * {@code UPDATE_PROFILE} context that Keycloak's <em>Verify Profile</em> action checks at every login),
 * so that no {@code full_name} the API stores, one word or none, leaves an account "not fully set up".
 * Keycloak's default profile demands both names; {@link FullName#filled} fills what is missing. The API's
 * own full name is kept in the user attribute {@value #FULL_NAME_ATTRIBUTE} (unmanaged: not shown by
 * the default profile) so that it reads back as it was given.
 */
final class ProfileNames {

    static final String FULL_NAME_ATTRIBUTE = PlatformAuth.PREFIX + ".full-name";

    private final KeycloakSession session;

    ProfileNames(KeycloakSession session) {
        this.session = session;
    }

    /** The full name of {@code user} as the API shows it. */
    static String read(UserModel user) {
        return FullName.read(user.getFirstName(), user.getLastName(), user.getFirstAttribute(FULL_NAME_ATTRIBUTE));
    }

    /** The parts of {@code fullName} for an account being registered with {@code attributes}. */
    FullName forRegistration(Map<String, List<String>> attributes, String fullName) {
        return demanded(provider().create(UserProfileContext.REGISTRATION, attributes), fullName);
    }

    /**
     * The parts of {@code fullName} for {@code user}; 400 {@code invalid_request} with the profile's message
     * when its validators refuse them (so that a stored name never fails the next login's profile check).
     */
    FullName forUser(UserModel user, String fullName) {
        UserProfileProvider provider = provider();
        FullName names = demanded(provider.create(UserProfileContext.UPDATE_PROFILE, user), fullName);
        Map<String, List<String>> attributes = new HashMap<>(user.getAttributes());
        attributes.put(UserModel.FIRST_NAME, names.firstName() == null ? List.of() : List.of(names.firstName()));
        attributes.put(UserModel.LAST_NAME, names.lastName() == null ? List.of() : List.of(names.lastName()));
        try {
            provider.create(UserProfileContext.UPDATE_PROFILE, attributes, user).validate();
        } catch (ValidationException e) {
            List<String> messages = new ArrayList<>();
            for (ValidationException.Error error : e.getErrors()) {
                if (UserModel.FIRST_NAME.equals(error.getAttribute()) || UserModel.LAST_NAME.equals(error.getAttribute())) {
                    messages.add(EnglishMessages.format(session, error.getMessage(), error.getMessageParameters()));
                }
            }
            if (!messages.isEmpty()) {
                throw JsonErrors.badRequest(messages.stream().distinct().collect(Collectors.joining(" ")));
            }
        }
        return names;
    }

    /** Stores {@code names} (from {@link #forUser} or {@link #forRegistration}) and the full name they came from. */
    static void store(UserModel user, String fullName, FullName names) {
        user.setFirstName(names.firstName());
        user.setLastName(names.lastName());
        String kept = FullName.normalize(fullName);
        if (kept == null) {
            user.removeAttribute(FULL_NAME_ATTRIBUTE);
        } else {
            user.setSingleAttribute(FULL_NAME_ATTRIBUTE, kept);
        }
    }

    private static FullName demanded(UserProfile profile, String fullName) {
        return FullName.parse(fullName).filled(profile.getAttributes().isRequired(UserModel.FIRST_NAME),
                profile.getAttributes().isRequired(UserModel.LAST_NAME));
    }

    private UserProfileProvider provider() {
        return session.getProvider(UserProfileProvider.class);
    }
}
