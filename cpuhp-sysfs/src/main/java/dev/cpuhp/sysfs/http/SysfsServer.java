package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The sysfs tree of a live machine over HTTP. Every answer that is not file content is JSON;
 * a refused operation answers with the kernel's errno:
 * <pre>
 * GET  /api/read?path=/sys/devices/system/cpu/online   {"path":..., "content":"0-111\n"}
 * POST /api/write  {"path":..., "value":"0\n"}          {"path":..., "written":2}
 * GET  /api/list?path=/sys/devices/system/cpu          {"path":..., "entries":[{"name","type","mode"}]}
 * GET  /api/trace                                      Server-Sent Events: one kernel-format trace line each
 * GET  /api/dmesg                                      {"lines":[...]}
 * GET  /fs/sys/devices/system/cpu/online               the raw bytes (PUT writes the body)
 * errors: {"error":"EINVAL","errno":22,"message":"Invalid argument","path":...}
 * </pre>
 * Writes are accepted from loopback addresses, and from elsewhere only with the token of the
 * {@link WritePolicy}.
 */
public final class SysfsServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SysfsTree tree;
    private final WritePolicy policy;
    private final HttpServer http;

    private SysfsServer(SysfsTree tree, WritePolicy policy, HttpServer http) {
        this.tree = tree;
        this.policy = policy;
        this.http = http;
    }

    public static SysfsServer start(SysfsTree tree, InetSocketAddress bind, WritePolicy policy) throws IOException {
        HttpServer http = HttpServer.create(bind, 64);
        SysfsServer s = new SysfsServer(tree, policy, http);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/api/read", s::read);
        http.createContext("/api/write", s::write);
        http.createContext("/api/list", s::list);
        http.createContext("/api/trace", s::trace);
        http.createContext("/api/dmesg", s::dmesg);
        http.createContext("/fs/", s::raw);
        http.createContext("/", s::index);
        http.start();
        return s;
    }

    /** The address actually bound (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    @Override
    public void close() {
        http.stop(0);
    }

    // ------------------------------------------------------------------ handlers

    private void read(HttpExchange ex) throws IOException {
        if (!method(ex, "GET")) {
            return;
        }
        String path = query(ex, "path").orElse("");
        Optional<String> content = readOrAnswer(ex, path);
        if (content.isPresent()) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("path", path);
            out.put("content", content.get());
            json(ex, 200, out);
        }
    }

    /** The file's content; or, when it cannot be read, answers the request with the errno. */
    private Optional<String> readOrAnswer(HttpExchange ex, String path) throws IOException {
        SysfsTree.Read r = tree.read(path);
        if (!r.ok()) {
            error(ex, r.error(), path);
            return Optional.empty();
        }
        return Optional.of(r.content());
    }

    private void write(HttpExchange ex) throws IOException {
        if (!method(ex, "POST") || !writeAllowed(ex)) {
            return;
        }
        JsonNode body;
        try (InputStream in = ex.getRequestBody()) {
            body = JSON.readTree(in);
        } catch (IOException e) {
            error(ex, Errno.EINVAL, "", "the body is not JSON: " + e.getMessage());
            return;
        }
        if (body == null || !body.hasNonNull("path") || !body.hasNonNull("value")) {
            error(ex, Errno.EINVAL, "", "the body needs \"path\" and \"value\"");
            return;
        }
        store(ex, body.get("path").asText(), body.get("value").asText());
    }

    private void store(HttpExchange ex, String path, String value) throws IOException {
        int ret = tree.write(path, value, "http");
        if (ret < 0) {
            error(ex, Errno.of(ret).orElse(Errno.EIO), path);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("written", ret);
        json(ex, 200, out);
    }

    private void list(HttpExchange ex) throws IOException {
        if (!method(ex, "GET")) {
            return;
        }
        String path = query(ex, "path").orElse("/");
        SysfsTree.Listing l = tree.list(path);
        if (!l.ok()) {
            error(ex, l.error(), path);
            return;
        }
        List<Map<String, Object>> entries = l.entries().stream().map(n -> {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("name", n.name());
            e.put("type", n instanceof Node.Dir ? "dir" : "file");
            e.put("mode", String.format("%04o", n.mode()));
            return e;
        }).toList();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("entries", entries);
        json(ex, 200, out);
    }

    /** Server-Sent Events: each trace event as it happens, as a kernel-format trace line. */
    private void trace(HttpExchange ex) throws IOException {
        if (!method(ex, "GET")) {
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        BlockingQueue<TraceEvent> queue = new LinkedBlockingQueue<>(100_000);
        try (OutputStream out = ex.getResponseBody();
             AutoCloseable sub = tree.machine().tracer().subscribe(queue::offer)) {
            out.write(": cpuhp trace stream\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            while (true) {
                TraceEvent e = queue.poll(15, TimeUnit.SECONDS);
                String chunk = e == null ? ": keep-alive\n\n"
                        : FtraceWriter.line(e).map(l -> "event: " + e.name() + "\ndata: " + l.stripTrailing() + "\n\n").orElse("");
                out.write(chunk.getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException closedByClient) {
            // the client went away
        } catch (Exception e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    private void dmesg(HttpExchange ex) throws IOException {
        if (method(ex, "GET")) {
            json(ex, 200, Map.of("lines", tree.machine().log().lines()));
        }
    }

    /** {@code /fs/PATH}: GET the raw bytes of a file; PUT a value to it. */
    private void raw(HttpExchange ex) throws IOException {
        String path = URLDecoder.decode(ex.getRequestURI().getRawPath().substring(3), StandardCharsets.UTF_8);
        if (ex.getRequestMethod().equals("PUT")) {
            if (!writeAllowed(ex)) {
                return;
            }
            String value;
            try (InputStream in = ex.getRequestBody()) {
                value = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
            store(ex, path, value);
            return;
        }
        if (!method(ex, "GET")) {
            return;
        }
        Optional<String> content = readOrAnswer(ex, path);
        if (content.isEmpty()) {
            return;
        }
        byte[] bytes = content.get().getBytes(StandardCharsets.ISO_8859_1);
        ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        ex.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void index(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            error(ex, Errno.ENOENT, ex.getRequestURI().getPath(), "no such endpoint; see GET /");
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", tree.machine().profile().name());
        out.put("cpus", tree.machine().nrCpuIds());
        out.put("endpoints", List.of("GET /api/read?path=P", "POST /api/write {path, value}", "GET /api/list?path=P",
                "GET /api/trace (text/event-stream)", "GET /api/dmesg", "GET|PUT /fs/P"));
        json(ex, 200, out);
    }

    // ------------------------------------------------------------------ plumbing

    private boolean writeAllowed(HttpExchange ex) throws IOException {
        if (policy.allows(ex.getRemoteAddress().getAddress(), ex.getRequestHeaders().getFirst("Authorization"))) {
            return true;
        }
        error(ex, Errno.EPERM, "", "writes are accepted from this machine only, or with the server's token");
        return false;
    }

    private static boolean method(HttpExchange ex, String expected) throws IOException {
        if (ex.getRequestMethod().equals(expected)) {
            return true;
        }
        ex.getResponseHeaders().set("Allow", expected);
        error(ex, Errno.EOPNOTSUPP, ex.getRequestURI().getPath(), ex.getRequestMethod() + " not allowed here; use " + expected);
        return false;
    }

    private static Optional<String> query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return Optional.empty();
        }
        for (String kv : q.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static void error(HttpExchange ex, Errno e, String path) throws IOException {
        error(ex, e, path, e.message());
    }

    private static void error(HttpExchange ex, Errno e, String path, String message) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("error", e.name());
        out.put("errno", e.number());
        out.put("message", message);
        out.put("path", path);
        json(ex, status(e), out);
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
            default -> 500;
        };
    }

    private static void json(HttpExchange ex, int status, Object value) throws IOException {
        byte[] body = JSON.writeValueAsBytes(value);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
