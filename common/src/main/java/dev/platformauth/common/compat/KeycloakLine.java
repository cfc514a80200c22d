package dev.platformauth.common.compat;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Keycloak line the bundle runs on (26.4.x, 26.5.x or 26.7.x; the jar is built against 26.7.0).
 * Where a Keycloak API differs between these lines, the code asks here once (at class
 * initialisation) whether the running server has it, and either takes the older call or turns the
 * feature that needs it off, with one log line ({@link #featureOff}). The table of what each line
 * offers is in {@code docs/compatibility.md}.
 */
public final class KeycloakLine {

    private static final Logger LOG = Logger.getLogger(KeycloakLine.class);
    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    private KeycloakLine() {
    }

    /** The running server's version, e.g. {@code 26.4.7}. */
    static String version() {
        return Version.VERSION;
    }

    /** The class {@code name} when the server has it (not initialised). */
    public static Optional<Class<?>> findClass(String name) {
        try {
            return Optional.of(Class.forName(name, false, KeycloakLine.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError absent) {
            return Optional.empty();
        }
    }

    /** The public method of {@code type}, when the running server has it. */
    public static Optional<Method> method(Class<?> type, String name, Class<?>... parameterTypes) {
        try {
            return Optional.of(type.getMethod(name, parameterTypes));
        } catch (NoSuchMethodException absent) {
            return Optional.empty();
        }
    }

    /** Calls a method found by {@link #method}, rethrowing what it throws. */
    public static Object invoke(Method method, Object target, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call " + method, e);
        }
    }

    /**
     * Logs, once per feature and server, that {@code feature} is off on this Keycloak because it
     * needs {@code missing}; returns false so callers can write {@code enabled = has(...) || featureOff(...)}.
     */
    static boolean featureOff(String feature, String missing) {
        if (REPORTED.add(feature)) {
            LOG.warnf("Platform Auth: %s is off on Keycloak %s, which lacks %s (Keycloak 26.7 has it); "
                    + "see docs/compatibility.md", feature, version(), missing);
        }
        return false;
    }
}
