package dev.platformauth.it.support;

import java.util.Objects;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The realm of one test class: created before the class (before its {@code @BeforeAll} methods, on the
 * Keycloak and GreenMail of {@link KeycloakExtension}) and removed after it, {@code @Nested} classes
 * included. Registered as a static field of a {@link KeycloakIntegrationTest}:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final ClassRealm<TestRealm> REALM = ClassRealm.of((keycloak, mail) -> TestRealm.create(keycloak, mail, "users"));
 * }</pre>
 *
 * The fixture can be any {@link AutoCloseable} that deletes its realm on close ({@link TestRealm},
 * {@code EntityRealm}, {@code BrowserRealms}, ...). {@link #forInstance} builds it from the test instance
 * (classes with {@code @TestInstance(PER_CLASS)} whose subclasses configure the realm).
 */
public final class ClassRealm<R extends AutoCloseable> implements BeforeAllCallback, AfterAllCallback {

    /** Makes the realm of a class. */
    @FunctionalInterface
    public interface Factory<R> {
        R create(KeycloakServer keycloak, MailServer mail) throws Exception;
    }

    /** Makes the realm of a class from its test instance. */
    @FunctionalInterface
    public interface InstanceFactory<T, R> {
        R create(T testInstance, KeycloakServer keycloak, MailServer mail) throws Exception;
    }

    private final InstanceFactory<Object, R> factory;
    private String owner;
    private R value;

    private ClassRealm(InstanceFactory<Object, R> factory) {
        this.factory = factory;
    }

    public static <R extends AutoCloseable> ClassRealm<R> of(Factory<R> factory) {
        Objects.requireNonNull(factory, "factory");
        return new ClassRealm<>((instance, keycloak, mail) -> factory.create(keycloak, mail));
    }

    /** The standard {@link TestRealm} with the name prefix {@code prefix}. */
    public static ClassRealm<TestRealm> testRealm(String prefix) {
        return of((keycloak, mail) -> TestRealm.create(keycloak, mail, prefix));
    }

    /** A realm made from the test instance; needs {@code @TestInstance(PER_CLASS)}. */
    public static <T, R extends AutoCloseable> ClassRealm<R> forInstance(Class<T> type, InstanceFactory<T, R> factory) {
        Objects.requireNonNull(factory, "factory");
        return new ClassRealm<>((instance, keycloak, mail) -> {
            if (instance == null) {
                throw new IllegalStateException("ClassRealm.forInstance needs @TestInstance(PER_CLASS) on " + type.getName());
            }
            return factory.create(type.cast(instance), keycloak, mail);
        });
    }

    /** The realm of the running class; fails outside its lifetime. */
    public R get() {
        if (value == null) {
            throw new IllegalStateException("no class realm: ClassRealm is used outside the test class that registers it");
        }
        return value;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (owner != null) {
            return; // a @Nested class inside the class that owns the realm
        }
        Object instance = context.getTestInstance().orElse(null);
        value = Objects.requireNonNull(factory.create(instance, KeycloakExtension.keycloak(context),
                KeycloakExtension.mail(context)), "the realm factory returned null");
        owner = context.getUniqueId();
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (!context.getUniqueId().equals(owner)) {
            return;
        }
        try {
            value.close();
        } finally {
            value = null;
            owner = null;
        }
    }
}
