package dev.platformauth.mappers.platformtoken;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionHandler;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * One platform-token signature started before the token response needs it, so that it runs beside
 * Keycloak's own work on the request (signing the access token, the refresh token, the ID token).
 * A grant then waits for the longer of the two signatures rather than for both in turn.
 *
 * <p>Signing early only pays with a processor to spare: the mapper asks {@link #LOAD} first, and on a
 * busy server each request signs its own token in the response, with no hand-over between threads.
 * The signature runs on a small pool of daemon threads (one per processor) when one is idle; when
 * none is, or when the request asks for the result before a pool thread picked the work up, the
 * request thread signs itself. The request thread never waits for work that has not started. The work
 * is CPU only: it holds the token and the signer, never the Keycloak session, which belongs to the
 * request thread.
 */
final class EarlySigning<T> {

    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Daemon threads that inherit no thread-local values from the request thread that happened to create them. */
    private static final ThreadFactory DAEMONS = work -> {
        Thread thread = new Thread(null, work, "platform-auth-token-signer-" + THREADS.incrementAndGet(), 0, false);
        thread.setDaemon(true);
        return thread;
    };

    /** Refused work (every pool thread busy) stays unstarted: {@link #result()} then runs it on the caller. */
    private static final RejectedExecutionHandler LEAVE_UNSTARTED = (work, pool) -> {
    };

    private static final int PROCESSORS = Runtime.getRuntime().availableProcessors();

    private static final ThreadPoolExecutor POOL = pool(PROCESSORS);

    /** The load of this server, as the platform tokens in progress count it. */
    static final Load LOAD = new Load(PROCESSORS);

    /**
     * The requests of this server that are minting a platform token, each counted from its access token
     * to its end. There is a processor to spare while they are fewer than the processors (never on one processor).
     */
    static final class Load {

        private final AtomicInteger requests = new AtomicInteger();
        private final int spare;

        Load(int processors) {
            this.spare = processors - 1;
        }

        /** Counts one more request until its {@link #leave()}; true when a processor is to spare for it. */
        boolean enter() {
            return requests.incrementAndGet() <= spare;
        }

        void leave() {
            requests.decrementAndGet();
        }
    }

    private final Supplier<T> sign;
    /** Set by whoever runs the work, the pool thread or the caller: exactly one of them does. */
    private final AtomicBoolean claimed = new AtomicBoolean();
    private final CompletableFuture<T> done = new CompletableFuture<>();

    private EarlySigning(Supplier<T> sign) {
        this.sign = sign;
    }

    private void runOnPool() {
        if (!claimed.compareAndSet(false, true)) {
            return;
        }
        try {
            done.complete(sign.get());
        } catch (RuntimeException | Error e) {
            done.completeExceptionally(e);
        }
    }

    static ThreadPoolExecutor pool(int threads) {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(0, Math.max(1, threads), 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), DAEMONS, LEAVE_UNSTARTED);
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts {@code sign} on an idle pool thread, if there is one. */
    static <T> EarlySigning<T> start(Supplier<T> sign) {
        return start(sign, POOL);
    }

    static <T> EarlySigning<T> start(Supplier<T> sign, ThreadPoolExecutor pool) {
        EarlySigning<T> signing = new EarlySigning<>(sign);
        pool.execute(signing::runOnPool);
        return signing;
    }

    /**
     * The signed token: the pool's result when a pool thread started the work (waiting for it to end),
     * else the work run here and now. A failure of the work is thrown here, as a {@link RuntimeException}
     * of its own kind where it was one.
     */
    T result() {
        if (claimed.compareAndSet(false, true)) {
            return sign.get(); // not started, and now never will be on the pool
        }
        try {
            return done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signing the platform token", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
