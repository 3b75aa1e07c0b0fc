package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.errno.Errno;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How the server answers: JSON bodies, errors as {@code {"error", "errno", "message", "path"}}
 * with the HTTP status closest to the errno, and the checks every handler starts with.
 */
final class Answers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Answers() {
    }

    /** A request the handler cannot take; its answer has been sent. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;

        Refused() {
            super(null, null, false, false);
        }
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json", JSON.writeValueAsBytes(value));
    }

    /** Sends a whole body (none to HEAD, which gets the headers alone), the request's settled first. */
    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        RequestBody.settle(ex);
        ex.getResponseHeaders().set("Content-Type", contentType);
        boolean none = body.length == 0 || ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, none ? -1 : body.length);
        if (!none) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void error(HttpExchange ex, Errno e, String path) throws IOException {
        error(ex, e, path, e.message());
    }

    static void error(HttpExchange ex, Errno e, String path, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", e.name());
        out.put("errno", e.number());
        out.put("message", message);
        out.put("path", path);
        json(ex, status(e), out);
    }

    /** Sends the error and returns what to throw to leave the handler. */
    static Refused refuse(HttpExchange ex, Errno e, String path, String message) throws IOException {
        error(ex, e, path, message);
        return new Refused();
    }

    /** The HTTP status closest to an errno. */
    static int status(Errno e) {
        return switch (e) {
            case ENOENT, ENODEV, ENXIO -> 404;
            case EACCES, EPERM -> 403;
            case EINVAL, ERANGE, EISDIR, ENOTDIR -> 400;
            case EBUSY, EDEADLK -> 409;
            case EAGAIN -> 503;
            case EOPNOTSUPP -> 405;
            case E2BIG -> 413;
            case ETIMEDOUT -> 504;
            default -> 500;
        };
    }

    /**
     * Checks the method against those the endpoint takes (HEAD goes with GET); otherwise
     * answers 405 with {@code Allow}, or 204 with {@code Allow} to OPTIONS.
     */
    static String method(HttpExchange ex, String... allowed) throws IOException, Refused {
        String m = ex.getRequestMethod();
        String allow = String.join(", ", allowed) + (java.util.Arrays.asList(allowed).contains("GET") ? ", HEAD" : "");
        for (String a : allowed) {
            if (m.equals(a) || (m.equals("HEAD") && a.equals("GET"))) {
                return a;
            }
        }
        ex.getResponseHeaders().set("Allow", allow);
        if (m.equals("OPTIONS")) {
            RequestBody.settle(ex);
            ex.sendResponseHeaders(204, -1);
            ex.close();
            throw new Refused();
        }
        throw refuse(ex, Errno.EOPNOTSUPP, ex.getRequestURI().getPath(), m + " is not allowed here; allowed: " + allow);
    }

    /** A query parameter, decoded; a malformed escape is refused with 400. */
    static Optional<String> query(HttpExchange ex, String name) throws IOException, Refused {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                try {
                    return Optional.of(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw refuse(ex, Errno.EINVAL, "", "the query's " + name + " is not percent-encoded properly: "
                            + e.getMessage());
                }
            }
        }
        return Optional.empty();
    }

    /** Refuses a write (403 {@code EPERM}) the policy does not allow from this client. */
    static void requireWriter(HttpExchange ex, WritePolicy policy) throws IOException, Refused {
        if (!policy.allows(ex.getRemoteAddress().getAddress(), ex.getRequestHeaders().getFirst("Authorization"))) {
            throw refuse(ex, Errno.EPERM, "", "writes are accepted from this machine only, or with the server's token");
        }
    }

    /** Collapses a message to one line. */
    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
