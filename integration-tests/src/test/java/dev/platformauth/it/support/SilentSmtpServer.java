package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A mail server that accepts connections on 127.0.0.1 and never answers, so that Keycloak's mail jobs
 * hang (up to the realm's SMTP {@code timeout}) until {@link #close()} drops the connections. For
 * tests that need mail jobs to stay pending.
 */
public final class SilentSmtpServer implements AutoCloseable {

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    public SilentSmtpServer() {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("no loopback port for the silent mail server", e);
        }
        Thread acceptor = new Thread(this::accept, "silent-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far (and not yet dropped). */
    public int connections() {
        return connections.size();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                connections.add(server.accept());
            } catch (IOException closed) {
                return;
            }
        }
    }

    /** Stops accepting and drops every connection: the waiting mail jobs fail at once. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket connection : connections) {
            try {
                connection.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        connections.clear();
    }
}
