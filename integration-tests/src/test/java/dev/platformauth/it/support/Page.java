package dev.platformauth.it.support;

import java.net.URI;
import java.net.http.HttpHeaders;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * What a {@link BrowserSession} ended on: either a page served by Keycloak, or a redirect that
 * leaves Keycloak (to a client's {@code redirect_uri}), exposed as {@link #redirectLocation()}.
 */
public final class Page {

    private final int status;
    private final URI url;
    private final HttpHeaders headers;
    private final String body;
    private final URI redirectLocation;
    private Document document;

    Page(int status, URI url, HttpHeaders headers, String body, URI redirectLocation) {
        this.status = status;
        this.url = url;
        this.headers = headers;
        this.body = body;
        this.redirectLocation = redirectLocation;
    }

    public int status() {
        return status;
    }

    /** URL of the last request made (the page itself, or the one that redirected away). */
    public URI url() {
        return url;
    }

    public HttpHeaders headers() {
        return headers;
    }

    public String body() {
        return body;
    }

    /** Where the flow left Keycloak, or {@code null} if it ended on a Keycloak page. */
    public URI redirectLocation() {
        return redirectLocation;
    }

    public boolean leftKeycloak() {
        return redirectLocation != null;
    }

    /** The body parsed by jsoup, with {@link #url()} as base URI so {@code absUrl} works. */
    public Document document() {
        if (document == null) {
            document = Jsoup.parse(body, url.toString());
        }
        return document;
    }

    /** The element matching {@code cssSelector}; fails with the page text when there is none. */
    public Element element(String cssSelector) {
        Element element = document().selectFirst(cssSelector);
        if (element == null) {
            throw new AssertionError("no '" + cssSelector + "' on " + this);
        }
        return element;
    }

    /** Keycloak's feedback message on the page (e.g. "Invalid username or password."), or {@code null}. */
    public String errorMessage() {
        Element message = document().selectFirst("#input-error, .kc-feedback-text, #kc-error-message .instruction");
        return message == null ? null : message.text();
    }

    @Override
    public String toString() {
        if (leftKeycloak()) {
            return "redirect " + status + " from " + url + " to " + redirectLocation;
        }
        return "page " + status + " " + url + " titled '" + document().title() + "': "
                + abbreviate(document().body() == null ? body : document().body().text());
    }

    private static String abbreviate(String text) {
        return text.length() > 400 ? text.substring(0, 400) + "…" : text;
    }
}
