package dev.platformauth.rest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UndecodableFormMapperTest {

    private static IllegalArgumentException thrownBy(String className, String message) {
        IllegalArgumentException exception = new IllegalArgumentException(message);
        exception.setStackTrace(new StackTraceElement[] {
                new StackTraceElement(className, "decode", "X.java", 1),
                new StackTraceElement("org.example.Caller", "call", "Caller.java", 2)});
        return exception;
    }

    @Test
    void recognisesRestEasysUrlDecoderFailingOnAFormBody() {
        assertThat(UndecodableFormMapper.isUndecodableForm(thrownBy("org.jboss.resteasy.reactive.common.util.URLUtils",
                "Failed to decode URL abc%zz to UTF-8"))).isTrue();
    }

    @Test
    void leavesEveryOtherIllegalArgumentToKeycloak() {
        assertThat(UndecodableFormMapper.isUndecodableForm(thrownBy("org.example.Other",
                "Failed to decode URL abc%zz to UTF-8"))).as("same message, other thrower").isFalse();
        assertThat(UndecodableFormMapper.isUndecodableForm(thrownBy("org.jboss.resteasy.reactive.common.util.URLUtils",
                "something else"))).as("other message").isFalse();
        assertThat(UndecodableFormMapper.isUndecodableForm(thrownBy("org.jboss.resteasy.reactive.common.util.URLUtils",
                null))).as("no message").isFalse();
    }
}
