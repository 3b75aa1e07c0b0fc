package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.Machine;
import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.boot.LowerBound;
import dev.cpuhp.boot.Playback;
import dev.cpuhp.boot.TimelineSvg;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.state.Linux618;
import dev.cpuhp.trace.PerfettoWriter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Boot runs for the dashboard's playback, each on fresh machines of a built-in profile (the
 * served machine is not touched):
 * <pre>
 * GET  /api/boot                        {profiles, strategies, default_profile, running, latest}
 * POST /api/boot {"profile", "strategies", "seed"}   the runs with their playbacks and the lower bound
 * GET  /api/boot/ID                     the same answer again
 * GET  /api/boot/ID/trace.json          the runs as a Perfetto trace
 * GET  /api/boot/ID/timeline.svg        the runs as the SVG timeline of {@code cpuhp boot}
 * </pre>
 * One boot at a time (another is {@code EBUSY}), and only the latest is kept: a 1920-CPU
 * run's events take tens of megabytes. A boot that has not finished after {@link #timeout} of
 * wall time is stopped and answered {@code ETIMEDOUT} with what every simulated task waits on.
 */
final class BootRuns {
    private static final List<String> FIELDS = List.of("profile", "strategies", "seed");

    /** The latest boot, its answer built once. */
    private record Result(int id, HardwareProfile profile, List<BootRun> runs, Map<String, Object> answer) {
    }

    /** The runs asked for, and the serial run the lower bound comes from (one of them, or extra). */
    private record Boots(List<BootRun> asked, BootRun serial) {
    }

    private final WritePolicy policy;
    private final String defaultProfile;
    private final Duration timeout;
    private final Semaphore one = new Semaphore(1);
    private volatile Result latest;
    private int nextId = 1;

    BootRuns(WritePolicy policy, String servedProfile, Duration timeout) {
        this.policy = policy;
        this.defaultProfile = HardwareProfile.BUILTIN.contains(servedProfile) ? servedProfile : HardwareProfile.DEFAULT;
        this.timeout = timeout;
    }

    /** {@code /api/boot}. */
    void handle(HttpExchange ex) throws IOException, Answers.Refused {
        if (Answers.method(ex, "GET", "POST").equals("GET")) {
            Answers.json(ex, 200, about());
            return;
        }
        byte[] body = RequestBody.read(ex);
        Answers.requireWriter(ex, policy);
        BootSpec base;
        List<Strategy> strategies;
        try {
            JsonBody b = JsonBody.parse(body, FIELDS, "a boot", true);
            String name = b.text("profile", defaultProfile);
            if (!HardwareProfile.BUILTIN.contains(name)) {
                throw new JsonBody.Malformed("\"profile\" must be one of " + HardwareProfile.BUILTIN + ", not \""
                        + Answers.oneLine(name) + "\"");
            }
            strategies = strategies(b.texts("strategies", List.of("serial", "parallel", "pipelined")));
            base = BootSpec.of(HardwareProfile.builtin(name), strategies.get(0)).withSeed(b.integer("seed", 1, 0, Long.MAX_VALUE));
        } catch (JsonBody.Malformed e) {
            throw Answers.refuse(ex, Errno.EINVAL, "/api/boot", e.getMessage());
        }
        if (!one.tryAcquire()) {
            throw Answers.refuse(ex, Errno.EBUSY, "/api/boot", "a boot is running; one at a time");
        }
        try {
            latest = null; // its events go before the next run's come
            Result r = result(base, runWithin(base, strategies, ex));
            latest = r;
            Answers.json(ex, 200, r.answer());
        } finally {
            one.release();
        }
    }

    /** {@code /api/boot/ID[/FILE]}. */
    void file(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        String path = ex.getRequestURI().getPath();
        String[] parts = path.substring("/api/boot/".length()).split("/", -1);
        Result r = latest;
        if (r == null || !parts[0].equals(Integer.toString(r.id())) || parts.length > 2) {
            throw Answers.refuse(ex, Errno.ENOENT, path, r == null ? "no boot run yet; POST /api/boot runs one"
                    : "no such boot run; only the latest is kept: /api/boot/" + r.id());
        }
        String file = parts.length == 1 ? "" : parts[1];
        switch (file) {
            case "" -> Answers.json(ex, 200, r.answer());
            case "trace.json" -> perfetto(ex, r);
            case "timeline.svg" -> {
                String heading = r.profile().name() + ": bringup of " + (r.profile().topology().cpus() - 1) + " APs";
                byte[] svg = TimelineSvg.render(heading, r.runs().stream().map(b -> new TimelineSvg.Panel(b.label(), b))
                        .toList()).getBytes(StandardCharsets.UTF_8);
                attachment(ex, r, "timeline.svg");
                Answers.send(ex, 200, "image/svg+xml", svg);
            }
            default -> throw Answers.refuse(ex, Errno.ENOENT, path, "a boot run has trace.json and timeline.svg");
        }
    }

    private Map<String, Object> about() {
        Map<String, Object> out = new LinkedHashMap<>();
        List<Map<String, Object>> profiles = new ArrayList<>();
        for (String name : HardwareProfile.BUILTIN) {
            profiles.add(Map.of("name", name, "cpus", HardwareProfile.builtin(name).topology().cpus()));
        }
        out.put("profiles", profiles);
        out.put("default_profile", defaultProfile);
        out.put("strategies", List.of(Strategy.values()).stream().map(Strategy::cliName).toList());
        out.put("running", one.availablePermits() == 0);
        Result r = latest;
        out.put("latest", r == null ? null : "/api/boot/" + r.id());
        return out;
    }

    private static List<Strategy> strategies(List<String> names) throws JsonBody.Malformed {
        LinkedHashSet<Strategy> out = new LinkedHashSet<>();
        for (String n : names) {
            try {
                out.add(Strategy.fromCli(n.strip()));
            } catch (IllegalArgumentException e) {
                throw new JsonBody.Malformed("\"strategies\": " + Answers.oneLine(e.getMessage()));
            }
        }
        if (out.isEmpty()) {
            throw new JsonBody.Malformed("\"strategies\": name at least one of serial, parallel, pipelined");
        }
        return new ArrayList<>(out);
    }

    /**
     * Runs the boots on a thread of their own and waits at most {@link #timeout}; past it the
     * machine is stopped and the request answered with the scheduler's account of every task.
     */
    private Boots runWithin(BootSpec base, List<Strategy> strategies, HttpExchange ex)
            throws IOException, Answers.Refused {
        AtomicReference<Machine> current = new AtomicReference<>();
        FutureTask<Boots> task = new FutureTask<>(() -> {
            List<BootRun> runs = new ArrayList<>();
            for (Strategy s : strategies) {
                runs.add(BootExperiment.run(base.withStrategy(s).withObserver(current::set)));
            }
            return new Boots(runs, BootExperiment.serialFor(base.withObserver(current::set), runs));
        });
        Thread.ofPlatform().name("boot-run").daemon().start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Machine m = current.get();
            String report = m == null ? "" : m.scheduler().describe();
            if (m != null) {
                m.close();
            }
            task.cancel(true);
            throw Answers.refuse(ex, Errno.ETIMEDOUT, "/api/boot", "the boot did not finish within " + timeout.toSeconds()
                    + " s of wall time and was stopped; every task and what it waited on: " + Answers.oneLine(report));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            // the engine failed (a deadlock, a bug): the server answers 500 with its report
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private synchronized Result result(BootSpec base, Boots boots) {
        int id = nextId++;
        List<BootRun> asked = boots.asked();
        BootRun serial = boots.serial();
        int n = base.profile().topology().cpus();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("profile", base.profile().name());
        out.put("seed", base.seed());
        out.put("cpus", n);
        out.put("topology", MachineView.shape(base.profile().topology()));
        out.put("phases", MachineView.phases());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (BootRun r : asked) {
            runs.add(run(r, n));
        }
        out.put("runs", runs);
        LowerBound lb = serial.aps().isEmpty() ? null : LowerBound.of(serial.aps());
        out.put("lower_bound", lb == null ? null : Map.of("ns", lb.nanos(), "prepare_ns", lb.prepareNanos(),
                "critical_cpu", lb.criticalCpu(), "critical_tail_ns", lb.criticalTail()));
        out.put("files", Map.of("perfetto", "/api/boot/" + id + "/trace.json", "svg", "/api/boot/" + id + "/timeline.svg"));
        return new Result(id, base.profile(), asked, out);
    }

    private static Map<String, Object> run(BootRun r, int n) {
        Playback p = Playback.of(r, n);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("strategy", r.spec().strategy().cliName());
        out.put("label", r.label());
        out.put("total_ns", r.totalNanos());
        out.put("control_wait_ns", r.controlWaitNanos());
        out.put("prepare_ns", r.prepareNanos());
        out.put("cpus_up", r.cpusUp());
        out.put("wall_ms", r.wallNanos() / 1_000_000);
        int[] phases = new int[p.phases().length];
        for (int i = 0; i < phases.length; i++) {
            phases[i] = p.phases()[i];
        }
        List<long[]> waits = p.waits().stream()
                .map(w -> new long[] {w.start(), w.end(), w.kind().ordinal(), w.cpu()}).toList();
        Map<String, Object> play = new LinkedHashMap<>();
        play.put("span", p.span());
        play.put("t", p.times());
        play.put("cpu", p.cpus());
        play.put("phase", phases);
        play.put("waits", waits);
        play.put("wait_kinds", List.of(dev.cpuhp.hotplug.ControlWaits.Kind.values()).stream()
                .map(k -> k.name().toLowerCase()).toList());
        play.put("last_cpu", p.lastCpu());
        out.put("playback", play);
        return out;
    }

    private static void attachment(HttpExchange ex, Result r, String name) {
        ex.getResponseHeaders().set("Content-Disposition",
                "attachment; filename=\"cpuhp-boot-" + r.profile().name() + "-" + r.id() + "-" + name + "\"");
    }

    /** Streamed: a 1920-CPU trace is some hundred megabytes of JSON. */
    private static void perfetto(HttpExchange ex, Result r) throws IOException {
        RequestBody.settle(ex);
        attachment(ex, r, "trace.json");
        ex.getResponseHeaders().set("Content-Type", "application/json");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            return;
        }
        ex.sendResponseHeaders(200, 0);
        try (BufferedWriter w = new BufferedWriter(new OutputStreamWriter(ex.getResponseBody(), StandardCharsets.UTF_8), 1 << 16)) {
            PerfettoWriter.write(r.runs().stream().map(b -> new PerfettoWriter.Run(b.label(), b.events())).toList(),
                    Linux618::name, dev.cpuhp.state.Layout.LINUX_6_18, w);
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
