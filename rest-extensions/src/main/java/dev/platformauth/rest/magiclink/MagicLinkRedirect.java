package dev.platformauth.rest.magiclink;

import dev.platformauth.common.error.JsonErrors;
import org.keycloak.models.ClientModel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Set;

/**
 * Where an API magic link points: one of the {@code auth-service} client's registered redirect URIs,
 * matched <em>exactly</em>. Keycloak's own matching (wildcards, any port on a loopback address) suits
 * authorization codes, which need the client's PKCE or secret too; a link token alone signs in, so a
 * wildcard would let an attacker send the owner a link to a page of theirs under the pattern.
 */
final class MagicLinkRedirect {

    private MagicLinkRedirect() {
    }

    /**
     * {@code requested} when the client registers exactly that absolute http(s) URI; without one, the
     * client's single registered URI when it is an absolute http(s) URI without a wildcard. 400
     * {@code invalid_request} otherwise.
     */
    static String resolve(ClientModel client, String requested) {
        Set<String> registered = client.getRedirectUris();
        if (requested == null) {
            List<String> only = registered.stream().toList();
            if (only.size() != 1 || !isExact(only.get(0))) {
                throw JsonErrors.badRequest("redirect_uri is required: the 'auth-service' client has no single "
                        + "absolute redirect URI without a wildcard");
            }
            return only.get(0);
        }
        if (!isExact(requested) || !registered.contains(requested)) {
            throw JsonErrors.badRequest("redirect_uri is not a registered redirect URI of the 'auth-service' client "
                    + "(matched exactly, without wildcards)");
        }
        return requested;
    }

    /** An absolute http(s) URI without a wildcard, the only kind a link may point at. */
    static boolean isExact(String uri) {
        if (uri == null || uri.contains("*")) {
            return false;
        }
        try {
            URI parsed = new URI(uri);
            return parsed.isAbsolute() && parsed.getHost() != null
                    && ("http".equalsIgnoreCase(parsed.getScheme()) || "https".equalsIgnoreCase(parsed.getScheme()));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
