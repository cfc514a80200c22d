package dev.platformauth.it.support.browser;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

import dev.platformauth.it.support.TestRealm;

/**
 * The application a browser login returns to: a page on 127.0.0.1 that says "signed in", so the
 * browser ends on a real page (no connection error in its console) and the test reads the
 * authorization code off the address.
 */
public final class ClientApp implements AutoCloseable {

    private static final byte[] PAGE = ("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<link rel=\"icon\" href=\"data:,\"><title>App</title></head>"
            + "<body><main><h1 id=\"app-signed-in\">Signed in</h1></main></body></html>").getBytes(StandardCharsets.UTF_8);

    private final HttpServer server;

    private ClientApp(HttpServer server) {
        this.server = server;
    }

    public static ClientApp start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                exchange.sendResponseHeaders(200, PAGE.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(PAGE);
                }
            });
            server.start();
            return new ClientApp(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the client app", e);
        }
    }

    /** {@code http://127.0.0.1:<port>/callback}: register it as a redirect URI of the client. */
    public String redirectUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    /** Adds {@link #redirectUri()} to the redirect URIs of {@code clientId} in {@code realm}. */
    public ClientApp registerWith(TestRealm realm, String clientId) {
        realm.updateClient(clientId, client -> {
            List<String> uris = new ArrayList<>(client.getRedirectUris());
            uris.add(redirectUri());
            client.setRedirectUris(uris);
        });
        return this;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
