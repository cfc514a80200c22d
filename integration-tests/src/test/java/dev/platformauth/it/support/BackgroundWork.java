package dev.platformauth.it.support;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's background mail jobs as its DEBUG log tells them: each submission and each end names
 * the node's pending count. A positive signal that the work a request queued is done, for tests that
 * then assert that something (a mail) did not happen.
 */
public final class BackgroundWork {

    private static final Pattern JOB_LINE = Pattern.compile("Background job '[^']*' (submitted|ended); (\\d+) pending on this node");
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private BackgroundWork() {
    }

    /** The log position to wait from: the lines logged so far. Take it before the requests. */
    public static int mark(KeycloakServer keycloak) {
        return keycloak.logTail(Integer.MAX_VALUE).size();
    }

    /** Waits until a job was logged since {@code fromLine} and the last job line says that none is pending. */
    public static void awaitIdle(KeycloakServer keycloak, int fromLine) {
        Polling.await(() -> lastJobLine(keycloak, fromLine), line -> line != null && line.group(1).equals("ended")
                && line.group(2).equals("0"), TIMEOUT, "the background jobs to end");
    }

    /**
     * Runs {@code requests}, then {@code marker} (a request that certainly queues a mail), and waits until
     * the server's mail jobs have ended: the marker's, and any the requests queued before it. After this a
     * mail the requests should not have sent would have arrived.
     */
    public static void settle(KeycloakServer keycloak, Runnable requests, Runnable marker) {
        int from = mark(keycloak);
        requests.run();
        marker.run();
        awaitIdle(keycloak, from);
    }

    private static Matcher lastJobLine(KeycloakServer keycloak, int fromLine) {
        List<String> all = keycloak.logTail(Integer.MAX_VALUE);
        for (int i = all.size() - 1; i >= Math.min(fromLine, all.size()); i--) {
            Matcher matcher = JOB_LINE.matcher(all.get(i));
            if (matcher.find()) {
                return matcher;
            }
        }
        return null;
    }
}
