package dev.platformauth.it.support;

import java.net.http.HttpHeaders;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A response as the test saw it; redirects are never followed. */
public record HttpResult(int status, HttpHeaders headers, String body) {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The body as JSON; fails with the status and body when it is not JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("expected a JSON body but got HTTP " + status + ": " + body, e);
        }
    }

    /** First value of the header, or {@code null}. */
    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return "HTTP " + status + " " + headers.map() + "\n" + body;
    }
}
