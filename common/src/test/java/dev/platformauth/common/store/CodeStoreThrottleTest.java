package dev.platformauth.common.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.keycloak.common.util.Time;
import org.keycloak.models.KeycloakSession;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@DisplayName("CodeStore: the per-subject gate and the slots")
class CodeStoreThrottleTest {

    private final InMemorySingleUseObjects objects = new InMemorySingleUseObjects();
    private CodeStore store;

    @BeforeEach
    void store() {
        KeycloakSession session = mock(KeycloakSession.class);
        when(session.singleUseObjects()).thenReturn(objects);
        store = new CodeStore(session);
    }

    @AfterEach
    void resetClock() {
        Time.setOffset(0);
    }

    @Test
    @DisplayName("given a subject that passed the gate when asked again then it waits the rest of the interval")
    void gateTellsTheWait() {
        assertThat(store.throttle("mail", "realm", "ann@example.test", 60)).isZero();
        Time.setOffset(20);
        assertThat(store.throttle("mail", "realm", "ann@example.test", 60)).isBetween(39L, 40L);
        assertThat(store.tryAcquire("mail", "realm", "ann@example.test", 60)).isFalse();
        assertThat(store.throttle("mail", "realm", "bob@example.test", 60)).as("another subject").isZero();
        assertThat(store.throttle("mail", "other-realm", "ann@example.test", 60)).as("another realm").isZero();
    }

    @Test
    @DisplayName("given the gate taken by a request that has not committed its stamp then the whole interval is the wait")
    void gateWithoutStamp() {
        objects.putIfAbsent(CodeStore.key("mail-throttle", "realm", "ann@example.test"), 60);
        assertThat(store.throttle("mail", "realm", "ann@example.test", 60)).isEqualTo(60);
    }

    @Test
    @DisplayName("given an interval of 0 then every request passes and nothing is stored")
    void noInterval() {
        assertThat(store.throttle("mail", "realm", "ann@example.test", 0)).isZero();
        assertThat(store.throttle("mail", "realm", "ann@example.test", 0)).isZero();
        assertThat(objects.entries).isEmpty();
    }

    @Test
    @DisplayName("slot keys are namespaced by kind and realm and hold the subject only hashed")
    void slotKeys() {
        assertThat(store.claimSlot("email-otp:attempt", "realm-1", "ISSUANCE", 2, 600)).isEqualTo(1);
        assertThat(objects.entries).containsOnlyKeys(CodeStore.key("email-otp:attempt", "realm-1", "ISSUANCE") + ":1");
        assertThat(objects.entries.keySet().iterator().next()).startsWith("platform-auth:email-otp:attempt:realm-1:")
                .doesNotContain("ISSUANCE");
    }

    @Test
    @DisplayName("given a window counter when its slots are claimed then the limit holds until the window ends, "
            + "and the next window starts afresh")
    void windowCounter() {
        int now = Time.currentTime();
        Time.setOffset(600 - now % 600);
        // the clock may tick on during the test: each figure is bracketed by the time left before and after the claim
        long firstLeft = secondsLeft();
        assertThat(store.claimInWindow("fail", "realm", "user-1", 2, 600)).isZero();
        assertThat(store.claimInWindow("fail", "realm", "user-1", 2, 600)).isZero();
        long lastLeft = secondsLeft();
        Time.setOffset(Time.getOffset() + 100);
        long before = secondsLeft();
        long wait = store.claimInWindow("fail", "realm", "user-1", 2, 600);
        long after = secondsLeft();
        assertThat(wait).as("the rest of the window").isBetween(after, before).isBetween(lastLeft - 110, lastLeft - 100);
        assertThat(store.claimInWindow("fail", "realm", "user-1", 2, 600)).as("still refused").isPositive();
        assertThat(store.claimInWindow("fail", "realm", "user-2", 2, 600)).as("another subject").isZero();
        assertThat(objects.lifespans.values()).as("every slot ends just after the window").hasSize(3)
                .allSatisfy(lifespan -> assertThat(lifespan).isBetween(lastLeft - 110, firstLeft + 1))
                .filteredOn(lifespan -> lifespan > lastLeft - 50).hasSize(2);

        Time.setOffset(Time.getOffset() + (int) secondsLeft());
        assertThat(store.claimInWindow("fail", "realm", "user-1", 2, 600)).as("the next window").isZero();
    }

    private static long secondsLeft() {
        return FixedWindow.at(Time.currentTime(), 600).secondsLeft();
    }
}
