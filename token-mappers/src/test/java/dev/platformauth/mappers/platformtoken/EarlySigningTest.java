package dev.platformauth.mappers.platformtoken;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The work runs exactly once: on an idle pool thread when there is one, else on the caller, never waited for unstarted. */
class EarlySigningTest {

    private final ThreadPoolExecutor pool = EarlySigning.pool(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    @DisplayName("an idle pool thread signs, and the caller gets its result")
    void idlePoolSigns() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        EarlySigning<String> signing = EarlySigning.start(() -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
            return "signed";
        }, pool);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(signing.result()).isEqualTo("signed");
        assertThat(thread.get()).startsWith("platform-auth-token-signer-");
    }

    @Test
    @DisplayName("with every pool thread busy, the caller signs itself, once, without waiting")
    void busyPoolLeavesItToTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(1);
        EarlySigning.start(() -> {
            busy.countDown();
            await(release);
            return "other";
        }, pool);
        assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();

        AtomicInteger runs = new AtomicInteger();
        AtomicReference<Thread> thread = new AtomicReference<>();
        EarlySigning<String> signing = EarlySigning.start(() -> {
            runs.incrementAndGet();
            thread.set(Thread.currentThread());
            return "signed";
        }, pool);

        assertThat(signing.result()).isEqualTo("signed");
        assertThat(thread.get()).isSameAs(Thread.currentThread());
        release.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("work a pool thread has started is waited for, not run twice")
    void startedWorkIsAwaited() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger runs = new AtomicInteger();
        EarlySigning<String> signing = EarlySigning.start(() -> {
            runs.incrementAndGet();
            started.countDown();
            await(release);
            return "signed";
        }, pool);
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();

        Thread releaser = new Thread(() -> {
            sleepBriefly();
            release.countDown();
        });
        releaser.start();
        assertThat(signing.result()).isEqualTo("signed");
        assertThat(runs).hasValue(1);
    }

    @Test
    @DisplayName("a failure of the work reaches the caller as itself, on the pool and on the caller")
    void failureReachesTheCaller() throws Exception {
        CountDownLatch ran = new CountDownLatch(1);
        EarlySigning<String> onPool = EarlySigning.start(() -> {
            ran.countDown();
            throw new IllegalStateException("no active RS256 key");
        }, pool);
        assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(onPool::result).isInstanceOf(IllegalStateException.class).hasMessage("no active RS256 key");

        pool.shutdown();
        EarlySigning<String> onCaller = EarlySigning.start(() -> {
            throw new IllegalArgumentException("unknown algorithm");
        }, pool);
        assertThatThrownBy(onCaller::result).isInstanceOf(IllegalArgumentException.class).hasMessage("unknown algorithm");
    }

    @Test
    @DisplayName("a processor is to spare while fewer requests mint a token than there are processors, never on one processor")
    void spareProcessor() {
        EarlySigning.Load twoProcessors = new EarlySigning.Load(2);
        assertThat(twoProcessors.enter()).isTrue();
        assertThat(twoProcessors.enter()).isFalse();
        twoProcessors.leave();
        twoProcessors.leave();
        assertThat(twoProcessors.enter()).isTrue();

        EarlySigning.Load oneProcessor = new EarlySigning.Load(1);
        assertThat(oneProcessor.enter()).isFalse();

        EarlySigning.Load eight = new EarlySigning.Load(8);
        for (int request = 1; request <= 7; request++) {
            assertThat(eight.enter()).as("request %d of 7", request).isTrue();
        }
        assertThat(eight.enter()).isFalse();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
