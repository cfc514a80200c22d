package dev.platformauth.common.mail;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("MailQueue: the node's bound of pending mail jobs")
class MailQueueTest {

    @Test
    @DisplayName("given a bound of 3 when 3 places are taken then the 4th is refused until one is released")
    void bound() {
        MailQueue queue = new MailQueue(3);
        List<MailQueue.Reservation> places = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            places.add(queue.reserve("realm-a", 0).orElseThrow());
        }
        assertThat(queue.reserve("realm-b", 0)).isEmpty();
        places.get(0).release();
        assertThat(queue.reserve("realm-b", 0)).isPresent();
        assertThat(queue.pending()).isEqualTo(3);
    }

    @Test
    @DisplayName("given a realm share of 1 then that realm gets one place while others still get theirs")
    void realmShare() {
        MailQueue queue = new MailQueue(10);
        MailQueue.Reservation first = queue.reserve("realm-a", 1).orElseThrow();
        assertThat(queue.reserve("realm-a", 1)).isEmpty();
        assertThat(queue.reserve("realm-b", 1)).isPresent();
        assertThat(queue.pending()).as("a refused realm share takes no node place").isEqualTo(2);
        first.release();
        assertThat(queue.reserve("realm-a", 1)).isPresent();
    }

    @Test
    @DisplayName("given a realm share above the node's bound then the node's bound applies")
    void shareCappedByNode() {
        MailQueue queue = new MailQueue(2);
        queue.reserve("realm-a", 50).orElseThrow();
        queue.reserve("realm-a", 50).orElseThrow();
        assertThat(queue.reserve("realm-a", 50)).isEmpty();
    }

    @Test
    @DisplayName("given a place released twice then it is given back once")
    void releaseOnce() {
        MailQueue queue = new MailQueue(2);
        MailQueue.Reservation place = queue.reserve("realm-a", 0).orElseThrow();
        queue.reserve("realm-a", 0).orElseThrow();
        place.release();
        place.release();
        assertThat(queue.pending()).isEqualTo(1);
        assertThat(place.nodePending()).as("what a job logs when it ends").isEqualTo(1);
    }

    @Test
    @DisplayName("given 32 parallel requests for 4 places then exactly 4 get one")
    void parallel() throws Exception {
        MailQueue queue = new MailQueue(4);
        ExecutorService pool = Executors.newFixedThreadPool(32);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Optional<MailQueue.Reservation>>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return queue.reserve("realm-a", 0);
                }));
            }
            start.countDown();
            int granted = 0;
            for (Future<Optional<MailQueue.Reservation>> future : futures) {
                granted += future.get().isPresent() ? 1 : 0;
            }
            assertThat(granted).isEqualTo(4);
            assertThat(queue.pending()).isEqualTo(4);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @DisplayName("given no server option then the factory's queue has the default bound")
    void factoryDefault() {
        MailQueueFactory factory = new MailQueueFactory();
        factory.init(null);
        assertThat(factory.create(null).maxPending()).isEqualTo(MailQueueFactory.DEFAULT_MAX_PENDING);
    }
}
