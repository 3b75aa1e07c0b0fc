package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A request body that must be one JSON object with known fields, read strictly: trailing
 * content, duplicate keys, unknown fields and values of the wrong type are errors with a
 * one-line reason, not silently dropped or coerced.
 */
final class JsonBody {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** Why a body is not what the endpoint takes: one line, for a 400. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /**
     * @param fields the fields the endpoint knows, in the order messages name them
     * @param what   what the body is, for messages: "a write", "a boot"
     * @param empty  whether an empty body stands for {@code {}}
     */
    static JsonBody parse(byte[] body, List<String> fields, String what, boolean empty) throws Malformed {
        if (empty && body.length == 0) {
            return new JsonBody(JSON.createObjectNode());
        }
        String names = names(fields);
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
            throw new Malformed("the body is empty; send {" + String.join(", ",
                    fields.stream().map(f -> "\"" + f + "\": ...").toList()) + "}");
        }
        if (!n.isObject()) {
            throw new Malformed("the body is JSON " + kind(n) + ", not an object with " + names);
        }
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new Malformed("unknown field \"" + Answers.oneLine(f) + "\"; " + what + " has " + names);
            }
        }
        return new JsonBody(n);
    }

    boolean has(String field) {
        return object.has(field);
    }

    JsonNode raw(String field) {
        return object.get(field);
    }

    /** A string field, or {@code dflt} when it is absent. */
    String text(String field, String dflt) throws Malformed {
        JsonNode v = object.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            throw new Malformed("\"" + field + "\" must be a string, not " + kind(v));
        }
        return v.asText();
    }

    /** An integer field within [min, max], or {@code dflt} when it is absent. */
    long integer(String field, long dflt, long min, long max) throws Malformed {
        JsonNode v = object.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < min || v.asLong() > max) {
            throw new Malformed("\"" + field + "\" must be an integer from " + min + " to " + max + ", not "
                    + Answers.oneLine(v.toString()));
        }
        return v.asLong();
    }

    /** A field holding an array of strings, or {@code dflt} when it is absent. */
    List<String> texts(String field, List<String> dflt) throws Malformed {
        JsonNode v = object.get(field);
        if (v == null) {
            return dflt;
        }
        if (!v.isArray()) {
            throw new Malformed("\"" + field + "\" must be an array of strings, not " + kind(v));
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new Malformed("\"" + field + "\" must hold strings, not " + kind(e));
            }
            out.add(e.asText());
        }
        return out;
    }

    /** {@code "a", "b" and "c"}. */
    private static String names(List<String> fields) {
        List<String> q = fields.stream().map(f -> "\"" + f + "\"").toList();
        return q.size() == 1 ? q.get(0)
                : String.join(", ", q.subList(0, q.size() - 1)) + " and " + q.get(q.size() - 1);
    }

    static String kind(JsonNode n) {
        return n.getNodeType().name().toLowerCase();
    }
}
