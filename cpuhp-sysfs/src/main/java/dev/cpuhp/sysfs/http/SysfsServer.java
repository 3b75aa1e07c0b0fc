package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sysfs.EngineFailure;
import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

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
 * Every request gets an answer: a wrong method 405 with {@code Allow}, an unknown path 404, a
 * body that is not a write 400, a body over {@link Limits#maxBody()} 413, and a failure of the
 * engine itself 500 with {@code {"error": kind, "message": one line, "report": the engine's
 * report}}. Writes are accepted from loopback addresses, and from elsewhere only with the
 * token of the {@link WritePolicy}.
 */
public final class SysfsServer implements AutoCloseable {
    /**
     * @param maxBody   the largest request body taken, in bytes (a write takes at most a page)
     * @param heartbeat how long a trace stream may be silent before it writes a comment, which
     *                  is how a client that went away is noticed
     * @param bootTimeout the wall time a boot run of {@code /api/boot} may take before it is stopped
     */
    public record Limits(int maxBody, Duration heartbeat, Duration bootTimeout) {
        public static final Limits DEFAULT = new Limits(64 * 1024, Duration.ofSeconds(5), Duration.ofMinutes(5));

        public Limits(int maxBody, Duration heartbeat) {
            this(maxBody, heartbeat, DEFAULT.bootTimeout());
        }
    }

    static {
        // After answering, the JDK's server reads up to 64 KiB of a body the handler left
        // unread, blocking while a client that announced 50 MB sends nothing more. Drain
        // nothing (RequestBody settles bodies itself): a connection with a body left unread is
        // closed after the answer. Set before the JDK's server reads its configuration, at its
        // first use; JVM-wide, which this process can afford.
        if (System.getProperty("sun.net.httpserver.drainAmount") == null) {
            System.setProperty("sun.net.httpserver.drainAmount", "0");
        }
    }

    private final SysfsTree tree;
    private final WritePolicy policy;
    private final Limits limits;
    private final HttpServer http;
    private final TraceStream trace;
    private final TortureRuns torture;
    private final Map<String, Route> routes = new LinkedHashMap<>();
    /** Paths under these prefixes go to one handler each. */
    private final Map<String, Route> prefixes = new LinkedHashMap<>();

    private SysfsServer(SysfsTree tree, WritePolicy policy, Limits limits, HttpServer http) {
        this.tree = tree;
        this.policy = policy;
        this.limits = limits;
        this.http = http;
        this.trace = new TraceStream(tree.machine().tracer(), limits.heartbeat());
        this.torture = new TortureRuns(policy);
        StaticAssets assets = new StaticAssets();
        BootRuns boots = new BootRuns(policy, tree.machine().profile().name(), limits.bootTimeout());
        routes.put("/", assets::index);
        routes.put("/index.html", assets::index);
        routes.put("/api", this::index);
        routes.put("/api/machine", new MachineView(tree.machine())::handle);
        routes.put("/api/boot", boots::handle);
        routes.put("/api/torture", torture::handle);
        prefixes.put("/fs/", this::raw);
        prefixes.put("/api/boot/", boots::file);
        prefixes.put("/app/", assets::app);
        routes.put("/api/read", this::read);
        routes.put("/api/write", this::write);
        routes.put("/api/list", this::list);
        routes.put("/api/trace", ex -> {
            Answers.method(ex, "GET");
            trace.serve(ex);
        });
        routes.put("/api/dmesg", this::dmesg);
    }

    public static SysfsServer start(SysfsTree tree, InetSocketAddress bind, WritePolicy policy) throws IOException {
        return start(tree, bind, policy, Limits.DEFAULT);
    }

    public static SysfsServer start(SysfsTree tree, InetSocketAddress bind, WritePolicy policy, Limits limits)
            throws IOException {
        HttpServer http = HttpServer.create(bind, 64);
        SysfsServer s = new SysfsServer(tree, policy, limits, http);
        http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        http.createContext("/", s::dispatch);
        http.start();
        return s;
    }

    /** The address actually bound (the port, when 0 was asked for). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    /** Trace streams alive now. */
    public int traceSubscribers() {
        return trace.subscribers();
    }

    /** Waits until exactly {@code n} trace streams are alive; false if not within {@code timeout}. */
    public boolean awaitTraceSubscribers(int n, Duration timeout) throws InterruptedException {
        return trace.awaitSubscribers(n, timeout);
    }

    /** Waits until no torture run of {@code /api/torture} is going; false if one is after {@code timeout}. */
    public boolean awaitTortureIdle(Duration timeout) throws InterruptedException {
        return torture.awaitIdle(timeout);
    }

    @Override
    public void close() {
        torture.stop();
        http.stop(0);
    }

    // ------------------------------------------------------------------ dispatch

    private void dispatch(HttpExchange ex) {
        RequestBody.handle(limits.maxBody(), () -> handle(ex));
    }

    private void handle(HttpExchange ex) {
        String path = ex.getRequestURI().getPath();
        Route h = routes.get(path);
        for (var p : prefixes.entrySet()) {
            if (h == null && path.startsWith(p.getKey())) {
                h = p.getValue();
            }
        }
        try {
            if (h == null) {
                Answers.error(ex, Errno.ENOENT, path, "no such endpoint; GET /api lists them");
            } else {
                h.handle(ex);
            }
        } catch (Answers.Refused answered) {
            // the handler has answered
        } catch (IOException clientGone) {
            // nothing to answer to
        } catch (Throwable t) {
            engineFailed(ex, t);
        } finally {
            ex.close();
        }
    }

    /** 500 with the failure as JSON (if nothing was sent yet); its report goes to dmesg too. */
    private void engineFailed(HttpExchange ex, Throwable t) {
        EngineFailure f = EngineFailure.of(t);
        try {
            f.log(tree.machine().log(), "http " + ex.getRequestMethod() + " " + ex.getRequestURI().getPath());
            if (ex.getResponseCode() == -1) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("error", f.kind());
                out.put("message", f.summary());
                out.put("report", f.report());
                out.put("path", ex.getRequestURI().getPath());
                Answers.json(ex, 500, out);
            }
        } catch (Throwable ignored) {
            // the client or the machine is gone as well; the exchange is closed by the caller
        }
    }

    // ------------------------------------------------------------------ handlers

    private void read(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        String path = Answers.query(ex, "path").orElse("");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("content", readOrRefuse(ex, path));
        Answers.json(ex, 200, out);
    }

    /** The file's content; or, when it cannot be read, answers the request with the errno. */
    private String readOrRefuse(HttpExchange ex, String path) throws IOException, Answers.Refused {
        SysfsTree.Read r = tree.read(path);
        if (!r.ok()) {
            throw Answers.refuse(ex, r.error(), path, r.error().message());
        }
        return r.content();
    }

    private void write(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "POST");
        byte[] body = RequestBody.read(ex);
        Answers.requireWriter(ex, policy);
        WriteRequest w;
        try {
            w = WriteRequest.parse(body);
        } catch (JsonBody.Malformed e) {
            throw Answers.refuse(ex, Errno.EINVAL, "", e.getMessage());
        }
        store(ex, w.path(), w.value());
    }

    private void store(HttpExchange ex, String path, byte[] value) throws IOException {
        int ret = tree.write(path, value, "http");
        if (ret < 0) {
            Answers.error(ex, Errno.of(ret).orElse(Errno.EIO), path);
            return;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", path);
        out.put("written", ret);
        Answers.json(ex, 200, out);
    }

    private void list(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        String path = Answers.query(ex, "path").orElse("/");
        SysfsTree.Listing l = tree.list(path);
        if (!l.ok()) {
            throw Answers.refuse(ex, l.error(), path, l.error().message());
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
        Answers.json(ex, 200, out);
    }

    private void dmesg(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        Answers.json(ex, 200, Map.of("lines", tree.machine().log().lines()));
    }

    /** {@code /fs/PATH}: GET the raw bytes of a file; PUT the body to it as one write. */
    private void raw(HttpExchange ex) throws IOException, Answers.Refused {
        String path = ex.getRequestURI().getPath().substring(3);
        if (Answers.method(ex, "GET", "PUT").equals("PUT")) {
            byte[] value = RequestBody.read(ex);
            Answers.requireWriter(ex, policy);
            store(ex, path, value);
            return;
        }
        Answers.send(ex, 200, "text/plain; charset=utf-8", readOrRefuse(ex, path).getBytes(StandardCharsets.ISO_8859_1));
    }

    private void index(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", tree.machine().profile().name());
        out.put("cpus", tree.machine().nrCpuIds());
        out.put("endpoints", List.of("GET /api/read?path=P", "POST /api/write {path, value}", "GET /api/list?path=P",
                "GET /api/trace (text/event-stream)", "GET /api/dmesg", "GET|PUT /fs/P", "GET /api/machine",
                "GET|POST /api/boot {profile, strategies, seed}", "GET /api/boot/ID[/trace.json|/timeline.svg]",
                "GET|POST|DELETE /api/torture {profile, threads, seed, seconds}", "GET / (the dashboard)"));
        out.put("max_body_bytes", limits.maxBody());
        Answers.json(ex, 200, out);
    }
}
