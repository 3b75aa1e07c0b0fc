package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * The body of {@code POST /api/write}: one JSON object with a string {@code path} and a
 * {@code value} (a string, or a number or boolean for convenience), nothing else. The value is
 * written as its UTF-8 bytes.
 *
 * @param path  where to write
 * @param value the bytes to write
 */
record WriteRequest(String path, byte[] value) {
    /** Strict: trailing content and duplicate keys are errors, not silently dropped. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Why a body is not a write request: one line, for a 400. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static WriteRequest parse(byte[] body) throws Malformed {
        JsonNode n;
        try {
            n = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            // Jackson names its redacted source in locations: noise in a one-line answer
            String why = Answers.oneLine(e.getOriginalMessage()).replaceAll("\\[Source: [^;]*; line", "[line");
            throw new Malformed("the body is not JSON: " + why
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (IOException e) {
            throw new Malformed("the body is not JSON: " + Answers.oneLine(e.getMessage()));
        }
        if (n == null || n.isMissingNode()) {
            throw new Malformed("the body is empty; send {\"path\": ..., \"value\": ...}");
        }
        if (!n.isObject()) {
            throw new Malformed("the body is JSON " + n.getNodeType().name().toLowerCase() + ", not an object with "
                    + "\"path\" and \"value\"");
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("path") && !f.equals("value")) {
                throw new Malformed("unknown field \"" + Answers.oneLine(f) + "\"; a write has \"path\" and \"value\"");
            }
        }
        JsonNode path = n.get("path");
        JsonNode value = n.get("value");
        if (path == null || value == null) {
            throw new Malformed("the body needs \"path\" and \"value\"");
        }
        if (!path.isTextual()) {
            throw new Malformed("\"path\" must be a string, not " + path.getNodeType().name().toLowerCase());
        }
        if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
            throw new Malformed("\"value\" must be a string (or a number), not " + value.getNodeType().name().toLowerCase());
        }
        return new WriteRequest(path.asText(), value.asText().getBytes(StandardCharsets.UTF_8));
    }
}
