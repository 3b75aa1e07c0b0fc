package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The body of {@code POST /api/write}: one JSON object with a string {@code path} and a
 * {@code value} (a string, or a number or boolean for convenience), nothing else. The value is
 * written as its UTF-8 bytes.
 *
 * @param path  where to write
 * @param value the bytes to write
 */
record WriteRequest(String path, byte[] value) {
    private static final List<String> FIELDS = List.of("path", "value");

    static WriteRequest parse(byte[] body) throws JsonBody.Malformed {
        JsonBody b = JsonBody.parse(body, FIELDS, "a write", false);
        if (!b.has("path") || !b.has("value")) {
            throw new JsonBody.Malformed("the body needs \"path\" and \"value\"");
        }
        String path = b.text("path", null);
        JsonNode value = b.raw("value");
        if (!value.isTextual() && !value.isNumber() && !value.isBoolean()) {
            throw new JsonBody.Malformed("\"value\" must be a string (or a number), not " + JsonBody.kind(value));
        }
        return new WriteRequest(path, value.asText().getBytes(StandardCharsets.UTF_8));
    }
}
