package dev.platformauth.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

final class Ports {

    /**
     * Where the harness's servers listen: below Linux's default range of ephemeral ports (32768-60999), from
     * which the outgoing connections of every process on the machine take their local ports. A port picked
     * there could be taken by such a connection while Keycloak starts (half a minute), and Keycloak would
     * then fail with "Port already bound"; below it, only another listening server can take it.
     */
    private static final int FIRST = 20_000;
    private static final int LAST = 31_999;

    private Ports() {
    }

    /** A port that was free on 127.0.0.1 a moment ago, outside the ephemeral range where possible. */
    static int freeLoopbackPort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(FIRST, LAST + 1);
            if (isFreeOnLoopback(port)) {
                return port;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /** Whether {@code port} on 127.0.0.1 can be bound right now. */
    static boolean isFreeOnLoopback(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
