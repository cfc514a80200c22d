package dev.platformauth.common.security;

import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.headers.SecurityHeadersProvider;
import org.keycloak.models.BrowserSecurityHeaders;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.util.Map;

/**
 * The headers of an HTML page whose URL carries a secret (a password-reset or magic link): the realm's
 * browser security headers (CSP, X-Frame-Options, HSTS, …) as Keycloak's filter adds them to its pages,
 * but {@code Referrer-Policy: no-referrer} whatever the realm's own setting, so that the URL never
 * leaves as a referrer. Keycloak's filter is told to skip the response: it would otherwise write the
 * realm's referrer policy over this one.
 */
public final class SecretPages {

    public static final String NO_REFERRER = "no-referrer";

    private SecretPages() {
    }

    /** Sets the headers on {@code form} and returns it. */
    public static LoginFormsProvider headers(KeycloakSession session, RealmModel realm, LoginFormsProvider form) {
        Map<String, String> configured = realm.getBrowserSecurityHeaders();
        for (BrowserSecurityHeaders header : BrowserSecurityHeaders.values()) {
            String value = configured.getOrDefault(header.getKey(), header.getDefaultValue());
            if (header != BrowserSecurityHeaders.REFERRER_POLICY && value != null && !value.isEmpty()) {
                form.setResponseHeader(header.getHeaderName(), value);
            }
        }
        form.setResponseHeader(BrowserSecurityHeaders.REFERRER_POLICY.getHeaderName(), NO_REFERRER);
        session.getProvider(SecurityHeadersProvider.class).options().skipHeaders();
        return form;
    }
}
