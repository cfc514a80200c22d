package dev.platformauth.it.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks an integration test that runs against the two-node {@link KeycloakCluster} of this JVM (and a
 * GreenMail both nodes send to). Test constructors, lifecycle and test methods can take
 * {@link KeycloakCluster} and {@link MailServer} parameters.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@ExtendWith(KeycloakExtension.class)
public @interface KeycloakClusterTest {
}
