package dev.platformauth.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a feature's happy-path test: one or two per feature. Besides the full suite on the pinned
 * Keycloak, these run on every other supported Keycloak line (the {@code compat-its} executions; see
 * {@code docs/compatibility.md}).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(HappyPath.TAG)
public @interface HappyPath {

    String TAG = "happy-path";
}
