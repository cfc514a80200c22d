package dev.platformauth.common.store;

import org.keycloak.models.SingleUseObjectProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A single-use store for unit tests with the atomicity of Keycloak's Infinispan one ({@code putIfAbsent}
 * and {@code remove} atomic and immediate); no expiry, no transaction. Counts the calls that write.
 */
public final class InMemorySingleUseObjects implements SingleUseObjectProvider {

    final Map<String, Map<String, String>> entries = new ConcurrentHashMap<>();
    final Map<String, Long> lifespans = new ConcurrentHashMap<>();
    final AtomicInteger putIfAbsentCalls = new AtomicInteger();

    @Override
    public void put(String key, long lifespanSeconds, Map<String, String> notes) {
        entries.put(key, Map.copyOf(notes));
        lifespans.put(key, lifespanSeconds);
    }

    @Override
    public Map<String, String> get(String key) {
        return entries.get(key);
    }

    @Override
    public Map<String, String> remove(String key) {
        return entries.remove(key);
    }

    @Override
    public boolean replace(String key, Map<String, String> notes) {
        throw new UnsupportedOperationException("replace drops the lifespan: never used");
    }

    @Override
    public boolean putIfAbsent(String key, long lifespanInSeconds) {
        putIfAbsentCalls.incrementAndGet();
        boolean absent = entries.putIfAbsent(key, Map.of()) == null;
        if (absent) {
            lifespans.put(key, lifespanInSeconds);
        }
        return absent;
    }

    @Override
    public boolean contains(String key) {
        return entries.containsKey(key);
    }

    @Override
    public void close() {
    }
}
