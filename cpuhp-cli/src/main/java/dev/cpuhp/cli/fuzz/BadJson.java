package dev.cpuhp.cli.fuzz;

import java.nio.charset.StandardCharsets;

/** Bodies for {@code POST /api/write} that are not a write: not JSON, not an object, wrong types, extra fields. */
final class BadJson {
    private static final String[] BODIES = {
        "", "{", "}", "[]", "null", "true", "0", "\"x\"", "{\"path\":", "{\"path\": \"/sys\"}", "{\"value\": \"1\"}",
        "{\"path\": 1, \"value\": \"1\"}", "{\"path\": null, \"value\": \"1\"}", "{\"path\": [], \"value\": \"1\"}",
        "{\"path\": \"%s\", \"value\": {}}", "{\"path\": \"%s\", \"value\": []}", "{\"path\": \"%s\", \"value\": null}",
        "{\"path\": \"%s\", \"value\": \"1\", \"extra\": 1}", "{\"path\": \"%s\", \"path\": \"%s\", \"value\": \"0\"}",
        "{\"path\": \"%s\", \"value\": \"1\"} trailing", "{\"path\": \"%s\", \"value\": \"1\"}{}",
        "{'path': '%s', 'value': '1'}", "{\"path\": \"%s\", \"value\": 1e999}", "{\"path\": \"%s\", \"value\": -0}",
        "{\"path\": \"%s\", \"value\": \"\\ud800\"}", "{\"path\": \"%s\", \"value\": \"\\u0000\"}",
        "{\"path\": \"%s\", \"value\": \"\\x31\"}", "\ufeff{\"path\": \"%s\", \"value\": \"1\"}",
    };

    private BadJson() {
    }

    static byte[] next(Inputs in) {
        var r = in.random();
        String path = in.spelling(in.target());
        return switch (r.nextInt(6)) {
            case 0 -> "[".repeat(1 + r.nextInt(5000)).getBytes(StandardCharsets.US_ASCII);
            case 1 -> in.payload(new Target("", Target.Kind.OTHER));
            case 2 -> Inputs.concat("{\"path\": \"".getBytes(StandardCharsets.US_ASCII),
                    Inputs.concat(in.payload(new Target("", Target.Kind.OTHER)), "\", \"value\": \"1\"}".getBytes(StandardCharsets.US_ASCII)));
            default -> BODIES[r.nextInt(BODIES.length)].replace("%s", path).getBytes(StandardCharsets.UTF_8);
        };
    }
}
