package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.torture.Torture;
import dev.cpuhp.torture.TortureReport;
import dev.cpuhp.torture.TortureSpec;
import dev.cpuhp.torture.TortureWatch;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code cpuhp torture} from the dashboard, on a machine of its own (the served one is not
 * touched), one run at a time:
 * <pre>
 * GET    /api/torture                 the run: spec, live counters, and its report once it ended
 * POST   /api/torture {"profile", "threads", "seed", "seconds"}   starts one (EBUSY if one runs)
 * DELETE /api/torture                 asks the run to stop; it ends within one progress report
 * </pre>
 */
final class TortureRuns {
    private static final List<String> FIELDS = List.of("profile", "threads", "seed", "seconds");
    /** The longest run the page may ask for: a run is stopped at its deadline in any case. */
    private static final int MAX_SECONDS = 600;

    /** One run: what it does and what it has found so far. */
    private static final class Run implements TortureWatch {
        final TortureSpec spec;
        final long startedAt = System.nanoTime();
        volatile Live live = new Live(0, 0, 0, 0, 0, 0, Map.of());
        volatile boolean stop;
        volatile TortureReport report;
        volatile String failure;
        volatile long endedAt;

        Run(TortureSpec spec) {
            this.spec = spec;
        }

        @Override
        public void progress(Live l) {
            live = l;
        }

        @Override
        public boolean stopRequested() {
            return stop;
        }

        boolean running() {
            return endedAt == 0;
        }
    }

    private final WritePolicy policy;
    private volatile Run current;

    TortureRuns(WritePolicy policy) {
        this.policy = policy;
    }

    void handle(HttpExchange ex) throws IOException, Answers.Refused {
        String method = Answers.method(ex, "GET", "POST", "DELETE");
        if (method.equals("GET")) {
            Answers.json(ex, 200, status());
            return;
        }
        byte[] body = RequestBody.read(ex);
        Answers.requireWriter(ex, policy);
        if (method.equals("DELETE")) {
            Run r = current;
            if (r != null) {
                r.stop = true;
            }
            Answers.json(ex, 202, status());
            return;
        }
        TortureSpec spec;
        try {
            JsonBody b = JsonBody.parse(body, FIELDS, "a torture run", true);
            String profile = b.text("profile", TortureSpec.DEFAULT_PROFILE);
            if (!HardwareProfile.BUILTIN.contains(profile)) {
                throw new JsonBody.Malformed("\"profile\" must be one of " + HardwareProfile.BUILTIN + ", not \""
                        + Answers.oneLine(profile) + "\"");
            }
            // the defaults of cpuhp torture, for a time instead of a number of operations
            spec = TortureSpec.duration(1000 * b.integer("seconds", 60, 1, MAX_SECONDS), b.integer("seed", 1, 0, Long.MAX_VALUE))
                    .withThreads((int) b.integer("threads", 4, 1, 64)).withProfile(profile);
        } catch (JsonBody.Malformed e) {
            throw Answers.refuse(ex, Errno.EINVAL, "/api/torture", e.getMessage());
        }
        synchronized (this) {
            if (current != null && current.running()) {
                throw Answers.refuse(ex, Errno.EBUSY, "/api/torture", "a torture run is going; stop it first (DELETE /api/torture)");
            }
            Run r = new Run(spec);
            current = r;
            Thread.ofPlatform().name("torture-run").daemon().start(() -> go(r));
        }
        Answers.json(ex, 202, status());
    }

    /** Stops a run that is going (the server is closing). */
    void stop() {
        Run r = current;
        if (r != null) {
            r.stop = true;
        }
    }

    private void go(Run r) {
        try {
            r.report = Torture.runWatched(r.spec, r);
        } catch (RuntimeException | Error e) {
            r.failure = e.getClass().getSimpleName() + ": " + Answers.oneLine(e.getMessage());
        } finally {
            synchronized (this) {
                r.endedAt = System.nanoTime();
                notifyAll();
            }
        }
    }

    /** Waits until no run is going; false if one still is after {@code timeout}. */
    synchronized boolean awaitIdle(java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (current != null && current.running()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    private Map<String, Object> status() {
        Run r = current;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", r != null && r.running());
        if (r == null) {
            return out;
        }
        out.put("stopping", r.stop && r.running());
        out.put("profile", r.spec.profile());
        out.put("threads", r.spec.threads());
        out.put("seed", r.spec.seed());
        out.put("seconds", r.spec.durationMillis() / 1000);
        long end = r.running() ? System.nanoTime() : r.endedAt;
        out.put("elapsed_ms", (end - r.startedAt) / 1_000_000);
        TortureWatch.Live l = r.live;
        out.put("ops", l.ops() - l.skipped()); // as the report counts them
        out.put("violations", l.violations());
        out.put("rollbacks", l.rollbacks());
        out.put("injected_failures", l.injectedFailures());
        out.put("callbacks", l.callbacks());
        out.put("results", l.results());
        TortureReport rep = r.report;
        if (rep != null) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("passed", rep.passed());
            f.put("ops", rep.ops());
            f.put("violations", rep.violationCount());
            f.put("first_violations", rep.violations().stream().limit(5).map(String::valueOf).toList());
            f.put("stalls", rep.stalls().stream().map(Answers::oneLine).toList());
            f.put("rollbacks", rep.rollbacks());
            f.put("results", rep.results());
            f.put("digest", rep.digest());
            f.put("replay", rep.replay());
            out.put("report", f);
            // the final counters, not the last progress report's
            out.put("ops", rep.ops());
            out.put("violations", rep.violationCount());
            out.put("rollbacks", rep.rollbacks());
            out.put("results", rep.results());
        }
        out.put("failure", r.failure);
        return out;
    }
}
