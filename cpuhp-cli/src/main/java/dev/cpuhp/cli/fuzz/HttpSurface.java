package dev.cpuhp.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.sysfs.http.SysfsServer;
import dev.cpuhp.sysfs.http.WritePolicy;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code cpuhp serve} as clients would drive it, over a real socket to a server in this
 * process: writes as {@code PUT /fs/PATH} and {@code POST /api/write}; other inputs are every
 * endpoint with wrong methods, bodies that are not JSON or not a write, fuzzed paths, unknown
 * endpoints, bodies over the limit (sent, or only announced), bytes that are no HTTP at all,
 * and trace streams dropped at once. Every answer must be JSON naming what was wrong, or the
 * JDK server's own 400 for a request line it cannot parse.
 */
final class HttpSurface implements Surface {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Short, so trace streams the fuzzer drops are let go while the run goes on. */
    static final SysfsServer.Limits LIMITS = new SysfsServer.Limits(SysfsServer.Limits.DEFAULT.maxBody(), Duration.ofMillis(100));
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "FROB", "TRACE"};
    private static final String[] ENDPOINTS = {"/", "/api/read", "/api/write", "/api/list", "/api/dmesg", "/api/trace",
        "/fs/sys/devices/system/cpu/online", "/fs/sys/devices/system/cpu/cpu1/online", "/api", "/api/", "/api/readx",
        "/FS/sys", "//api/read", "/fs", "/fs/", "/api/write/x", "/index.html"};

    private final Supplier<Machine> boot;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    private Machine machine;
    private SysfsTree tree;
    private SysfsServer server;
    private String base;

    HttpSurface(Supplier<Machine> boot) throws IOException {
        this.boot = boot;
        restart();
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public void restart() throws IOException {
        close();
        machine = boot.get();
        tree = new SysfsTree(machine);
        server = SysfsServer.start(tree, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), new WritePolicy(null), LIMITS);
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    /** Trace streams still held; after a run, this must fall to 0 within two heartbeats. */
    boolean traceStreamsReleased() throws InterruptedException {
        return server.awaitTraceSubscribers(0, LIMITS.heartbeat().multipliedBy(50));
    }

    @Override
    public Snapshot snapshot() {
        return Snapshot.of(tree);
    }

    @Override
    public Result write(Inputs in, Target target, byte[] payload) throws Exception {
        String path = in.spelling(target.path());
        if (in.random().nextInt(3) == 0) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("path", path);
            body.put("value", new String(payload, StandardCharsets.ISO_8859_1));
            return exchange("POST", "/api/write", JSON.writeValueAsBytes(body), true);
        }
        return exchange("PUT", "/fs" + path, payload, true);
    }

    @Override
    public Result other(Inputs in) throws Exception {
        var r = in.random();
        String fuzzedPath = in.spelling(in.target()) + (r.nextInt(5) == 0 ? new String(in.payload(
                new Target("", Target.Kind.OTHER)), StandardCharsets.ISO_8859_1) : "");
        String query = URLEncoder.encode(fuzzedPath, StandardCharsets.UTF_8);
        return switch (r.nextInt(12)) {
            case 0, 1 -> {
                String method = METHODS[r.nextInt(METHODS.length)];
                String endpoint = ENDPOINTS[r.nextInt(ENDPOINTS.length)];
                // a trace stream does not end: a client library would wait on it forever
                yield method.equals("GET") && endpoint.equals("/api/trace")
                        ? alive(RawRequests.droppedTraceStream(server.address().getPort()))
                        : exchange(method, endpoint, in.payload(new Target("", Target.Kind.OTHER)), false);
            }
            case 2, 3 -> exchange("POST", "/api/write", BadJson.next(in), false);
            case 4 -> exchange("GET", "/api/read?path=" + query, new byte[0], false);
            case 5 -> exchange("GET", "/api/list?path=" + query, new byte[0], false);
            case 6 -> exchange(new String[] {"GET", "HEAD", "OPTIONS"}[r.nextInt(3)], "/fs" + encodePath(fuzzedPath), new byte[0], false);
            case 7 -> exchange(r.nextBoolean() ? "PUT" : "POST", r.nextBoolean() ? "/fs" + Inputs.CPU + "/cpu1/online" : "/api/write",
                    new byte[LIMITS.maxBody() + 1 + r.nextInt(1 << 20)], false);
            case 8 -> RawRequests.announcedButNotSent(server.address().getPort(), r.nextBoolean() ? "PUT /fs" + Inputs.CPU
                    + "/cpu1/online" : "POST /api/write");
            case 9 -> alive(RawRequests.garbage(server.address().getPort(), in));
            case 10 -> alive(RawRequests.droppedTraceStream(server.address().getPort()));
            default -> exchange("GET", r.nextBoolean() ? "/api/dmesg" : "/", new byte[0], false);
        };
    }

    /** Percent-encodes what a URI path cannot hold as it is. */
    private static String encodePath(String path) {
        StringBuilder sb = new StringBuilder();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            sb.append(c > 0x20 && c < 0x7f && "%#?\"<>\\^`{|}[] ".indexOf(c) < 0 ? String.valueOf((char) c) : String.format("%%%02X", c));
        }
        return sb.toString();
    }

    /** A raw exchange's result, if the server still answers afterwards; a crash if it does not. */
    private Result alive(Result raw) throws Exception {
        Result probe = exchange("GET", "/", new byte[0], false);
        return probe.kind() == Result.Kind.ACCEPTED ? raw : Result.crash("the server stopped answering after: "
                + raw.message() + " (" + probe.message() + ")", raw.input());
    }

    private Result exchange(String method, String target, byte[] body, boolean write) throws Exception {
        String input = method + " " + target + " " + Inputs.escape(body, 120);
        HttpResponse<String> rsp;
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + target)).timeout(TIMEOUT);
            b.method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            rsp = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.ISO_8859_1));
        } catch (java.net.http.HttpTimeoutException e) {
            return Result.crash("no answer within " + TIMEOUT.toSeconds() + " s", input);
        } catch (IOException e) {
            // a body over the limit: the server may answer (413, or 405 to a wrong method) and
            // close while it is still being sent, which the client may see first
            if (body.length > LIMITS.maxBody()) {
                return alive(Result.refused("closed while sending", "closed while sending " + body.length + " bytes: "
                        + e.getMessage(), input));
            }
            return Result.crash("no answer: " + e, input);
        } catch (IllegalArgumentException e) {
            return Result.refused("client", "the client would not send it: " + e.getMessage(), input);
        }
        return classify(rsp, method, write, input);
    }

    private static Result classify(HttpResponse<String> rsp, String method, boolean write, String input) {
        int status = rsp.statusCode();
        if (status / 100 == 2) {
            return Result.accepted(input);
        }
        if (method.equals("HEAD")) {
            return status / 100 == 4 ? Result.refused("HEAD " + status, "HTTP " + status, input)
                    : Result.crash("HEAD answered " + status, input);
        }
        JsonNode j;
        try {
            j = JSON.readTree(rsp.body());
        } catch (IOException e) {
            j = null;
        }
        if (j == null || !j.hasNonNull("error") || !j.hasNonNull("message")) {
            return Result.crash("HTTP " + status + " without a JSON error: " + Inputs.escape(rsp.body(), 200), input);
        }
        String message = j.get("message").asText();
        if (j.has("report")) {
            return Result.engine(message, input);
        }
        if (message.isBlank() || message.contains("\n")) {
            return Result.crash("HTTP " + status + " with no one-line message: " + Inputs.escape(message, 200), input);
        }
        if (j.has("errno") && status != 413 && status != 405 && !(status == 404 && message.startsWith("no such endpoint"))
                && (write || status != 400 || !message.startsWith("the body"))) {
            try {
                return Result.errno(Errno.valueOf(j.get("error").asText()), message, input);
            } catch (IllegalArgumentException e) {
                return Result.crash("HTTP " + status + " with an errno no kernel has: " + j.get("error").asText(), input);
            }
        }
        return Result.refused(String.valueOf(status), message, input);
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        if (machine != null) {
            machine.close();
        }
    }
}
