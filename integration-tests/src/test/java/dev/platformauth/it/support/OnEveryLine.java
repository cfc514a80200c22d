package dev.platformauth.it.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;

/**
 * Marks a test of behaviour that differs between Keycloak lines underneath the bundle (the bundle
 * makes up for the difference). Like {@link HappyPath} tests, these run on every supported Keycloak
 * line (the {@code compat-its} executions; see {@code docs/compatibility.md}).
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Tag(OnEveryLine.TAG)
public @interface OnEveryLine {

    String TAG = "every-line";
}
