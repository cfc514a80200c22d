package dev.platformauth.common.store;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Slots: a counter claimed with putIfAbsent")
class SlotsTest {

    private final InMemorySingleUseObjects store = new InMemorySingleUseObjects();

    @Nested
    @DisplayName("given claims one after another")
    class Sequential {

        @Test
        @DisplayName("then slots 1 to the limit are handed out in order, then 0, with the given lifespan")
        void inOrder() {
            List<Integer> claimed = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                claimed.add(Slots.claim(store, "base:", 5, 42));
            }
            assertThat(claimed).containsExactly(1, 2, 3, 4, 5, 0, 0);
            assertThat(store.entries).containsOnlyKeys("base:1", "base:2", "base:3", "base:4", "base:5");
            assertThat(store.lifespans.values()).containsOnly(42L);
        }

        @Test
        @DisplayName("then a full counter is recognised without trying to write")
        void fullWithoutWrites() {
            for (int i = 0; i < 100; i++) {
                Slots.claim(store, "base:", 100, 60);
            }
            store.putIfAbsentCalls.set(0);
            assertThat(Slots.claim(store, "base:", 100, 60)).isZero();
            assertThat(store.putIfAbsentCalls.get()).isZero();
        }

        @Test
        @DisplayName("then the next free slot costs one write, found by a search over reads")
        void oneWritePerClaim() {
            for (int i = 0; i < 40; i++) {
                Slots.claim(store, "base:", 100, 60);
            }
            store.putIfAbsentCalls.set(0);
            assertThat(Slots.claim(store, "base:", 100, 60)).isEqualTo(41);
            assertThat(store.putIfAbsentCalls.get()).isEqualTo(1);
        }

        @Test
        @DisplayName("then other bases (another code, another window) have their own slots")
        void separateBases() {
            assertThat(Slots.claim(store, "a:", 1, 60)).isEqualTo(1);
            assertThat(Slots.claim(store, "a:", 1, 60)).isZero();
            assertThat(Slots.claim(store, "b:", 1, 60)).isEqualTo(1);
        }

        @Test
        @DisplayName("then a lifespan below one second is stored as one second (the store refuses 0)")
        void lifespanAtLeastOne() {
            Slots.claim(store, "base:", 1, 0);
            assertThat(store.lifespans.get("base:1")).isEqualTo(1L);
        }
    }

    @Test
    @DisplayName("given 64 parallel claimers of 5 slots then exactly 5 succeed, each with its own slot")
    void parallel() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(64);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Callable<Integer> claim = () -> {
                    start.await();
                    return Slots.claim(store, "base:", 5, 60);
                };
                futures.add(pool.submit(claim));
            }
            start.countDown();
            List<Integer> results = new ArrayList<>();
            for (Future<Integer> future : futures) {
                results.add(future.get());
            }
            assertThat(results.stream().filter(slot -> slot > 0)).containsExactlyInAnyOrder(1, 2, 3, 4, 5);
            assertThat(results.stream().filter(slot -> slot == 0)).hasSize(59);
        } finally {
            pool.shutdownNow();
        }
    }
}
