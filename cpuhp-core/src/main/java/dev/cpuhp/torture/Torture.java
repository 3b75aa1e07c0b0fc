package dev.cpuhp.torture;

import static dev.cpuhp.state.CpuhpState.CREATE_THREADS;

import dev.cpuhp.Machine;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sched.SimulationShutdown;
import dev.cpuhp.sync.Completion;
import dev.cpuhp.state.Layout;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * {@code cpuhp torture}: modelled on the kernel's torture onoff thread, but harder. Several
 * driver tasks issue random operations at once on one simulated machine while a {@link Checker}
 * watches every callback; the run ends after its operations or its time, or at the first stall.
 *
 * <p>A stall is found two ways: the scheduler proves a deadlock (every task waits and nothing
 * is timed) and throws {@link SimulationDeadlockError} into the waiters; or a wall-clock
 * watchdog sees no scheduler progress for {@code stallMillis} (a task blocked on something the
 * scheduler cannot see). Either way the report names every task and what it waits on and every
 * CPU's hotplug state, and the machine is shut down: the run never hangs.
 */
public final class Torture {
    final TortureSpec spec;
    final Machine machine;
    final Checker checker;
    final TraceDigest digest = new TraceDigest();
    final Stats stats = new Stats();
    final Claims claims;
    /**
     * Taken by a fault injection and by a registration operation, never both at once: the
     * kernel's one-shot {@code fail} fires on whichever invocation of its state comes first,
     * and a removal's skipped teardown would be the injection's doing, not a lost callback.
     */
    final Claims faultGate = new Claims(1);
    final TortureCallbacks callbacks;
    final List<Registration> registrations = new ArrayList<>();
    /**
     * The kernel's own 10 s handshake timeouts so far ({@code cpuhp_bp_sync_alive()} on a CPU
     * nobody kicked). Each holds the hotplug lock for its whole wait, so an operation queued
     * behind it is excused that long: the liveness bound is about cpuhp, not the kernel's timeout.
     */
    final AtomicLong syncTimeouts = new AtomicLong();
    private final AtomicLong nextOp = new AtomicLong();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicLongArray quiet;
    private final List<String> stalls = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile long deadlineNanos = Long.MAX_VALUE;

    private Torture(TortureSpec spec, Machine machine) {
        this.spec = spec;
        this.machine = machine;
        this.checker = new Checker(machine);
        this.claims = new Claims(machine.nrCpuIds());
        this.quiet = new AtomicLongArray(machine.nrCpuIds());
        this.callbacks = new TortureCallbacks(this);
        addRegistrations();
    }

    /** Boots the spec's machine and tortures it; {@code progress} hears the operations done so far. */
    public static TortureReport run(TortureSpec spec, Consumer<Long> progress) {
        return run(spec, progress, m -> { });
    }

    /**
     * As {@link #run(TortureSpec, Consumer)}, with {@code prepare} called on the booted machine
     * first: tests plant bugs there to show the checker catches them.
     */
    public static TortureReport run(TortureSpec spec, Consumer<Long> progress, Consumer<Machine> prepare) {
        TortureWatch ops = live -> progress.accept(live.ops());
        return watched(spec, ops, prepare);
    }

    /** As {@link #run(TortureSpec, Consumer)}, watched: live counters, and a way to stop early. */
    public static TortureReport runWatched(TortureSpec spec, TortureWatch watch) {
        return watched(spec, watch, m -> { });
    }

    private static TortureReport watched(TortureSpec spec, TortureWatch watch, Consumer<Machine> prepare) {
        Machine.Builder b = Machine.builder().profile(spec.machine()).seed(spec.seed());
        if (spec.deterministic()) {
            b.deterministic(spec.seed());
        }
        Machine m = b.boot();
        try {
            m.tracer().setCapacity(2048);
            prepare.accept(m);
            return new Torture(spec, m).go(watch);
        } finally {
            m.close();
        }
    }

    private TortureReport go(TortureWatch watch) {
        long start = System.nanoTime();
        if (spec.durationMillis() > 0) {
            deadlineNanos = start + spec.durationMillis() * 1_000_000;
        }
        try (var sub = machine.tracer().subscribe(e -> {
            checker.onTrace(e);
            digest.event(e);
        });
             var log = machine.log().subscribe(line -> {
                 if (line.contains("failed to report alive state")) {
                     syncTimeouts.incrementAndGet();
                 }
             })) {
            Thread root = Thread.ofPlatform().name("torture").start(this::drive);
            watch(root, watch);
            if (stalls.isEmpty()) {
                checker.checkAtRest(registrations);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        long ops = Math.min(nextOp.get(), spec.ops() > 0 ? spec.ops() : Long.MAX_VALUE);
        long lastBad = checker.violations().stream().mapToLong(Violation::op).max().orElse(-1);
        String replay = spec.replayCommand(lastBad >= 0 ? lastBad + 1 : ops);
        return new TortureReport(spec, ops - stats.skippedCount(), stats.skippedCount(), checker.violationCount(),
                checker.violations(), List.copyOf(stalls), stats.rollbackCount(), stats.injectedCount(),
                checker.ledger().invocations(), stats.perOp(), stats.results(), stats.latencies(),
                (System.nanoTime() - start) / 1_000_000, digest.hex(), replay);
    }

    /** The root task: spawns the drivers and waits for them, inside the machine. */
    private void drive() {
        try {
            machine.runAs("torture", 0, () -> {
                var sched = machine.scheduler();
                Completion done = new Completion(sched, "torture drivers");
                for (int d = 0; d < spec.threads(); d++) {
                    int cpu = d % machine.nrCpuIds();
                    sched.spawn("torture/" + d, sched.allocatePid(), cpu, () -> {
                        try {
                            new Driver(this).loop();
                        } catch (SimulationDeadlockError e) {
                            stall("simulation deadlock", e.getMessage());
                        } finally {
                            done.complete();
                        }
                    });
                }
                for (int d = 0; d < spec.threads(); d++) {
                    done.waitForCompletion();
                }
                return null;
            });
        } catch (SimulationDeadlockError e) {
            stall("simulation deadlock", e.getMessage());
        } catch (SimulationShutdown e) {
            // the watchdog stopped the machine
        }
    }

    /** Waits for the root, reporting progress; a machine that stops moving is a stall. */
    private void watch(Thread root, TortureWatch watch) throws InterruptedException {
        long lastProgress = -1;
        long stillSince = System.nanoTime();
        while (root.isAlive()) {
            root.join(200);
            watch.progress(new TortureWatch.Live(Math.min(nextOp.get(), spec.ops() > 0 ? spec.ops() : Long.MAX_VALUE),
                    stats.skippedCount(), checker.violationCount(), stats.rollbackCount(), stats.injectedCount(),
                    checker.ledger().invocations(), stats.results()));
            if (watch.stopRequested()) {
                stop.set(true); // claimOp hands out no more operations
            }
            long p = machine.scheduler().progress();
            if (p != lastProgress) {
                lastProgress = p;
                stillSince = System.nanoTime();
            } else if (System.nanoTime() - stillSince > spec.stallMillis() * 1_000_000) {
                stall("no progress for " + spec.stallMillis() + " ms of wall time", machine.scheduler().describe());
                machine.close();
                root.join();
            }
        }
    }

    /** Hands out operation numbers until the budget is spent or the run stops; -1 then. */
    long claimOp() {
        if (stop.get() || System.nanoTime() > deadlineNanos) {
            return -1;
        }
        long i = nextOp.getAndIncrement();
        return spec.ops() > 0 && i >= spec.ops() ? -1 : i;
    }

    /** Records the run's stall; every task caught in one deadlock reports it, the first one counts. */
    void stall(String what, String report) {
        if (!stop.compareAndSet(false, true) && !stalls.isEmpty()) {
            return;
        }
        StringBuilder sb = new StringBuilder("stall at op " + checker.currentOp.get() + ": " + what + "\n")
                .append(report == null ? "" : report);
        for (int cpu = 0; cpu < machine.nrCpuIds(); cpu++) {
            var st = machine.hotplug().state(cpu);
            sb.append(String.format("  CPU %-3d state %3d (%s) target %3d fail %3d %s%n", cpu, st.state(),
                    machine.states().name(st.state()), st.target(), st.fail(),
                    machine.masks().isOnline(cpu) ? "online" : "offline"));
        }
        stalls.add(sb.toString());
    }

    boolean quiet(int cpu) {
        return quiet.get(cpu) != 0;
    }

    void quiet(int cpu, boolean on) {
        quiet.set(cpu, on ? 1 : 0);
    }

    /**
     * The pool of states the run registers and removes: two of each kind. Fixed ones take free
     * slots of the PREPARE, STARTING and ONLINE sections of this machine's table.
     */
    private void addRegistrations() {
        int id = 0;
        for (int[] range : new int[][] {{CREATE_THREADS + 1, layout().bpPrepareDyn() - 1},
                {layout().apSchedStarting(), layout().apOnline() - 1}, {layout().apOnlineIdle() + 1, layout().apOnlineDyn() - 1}}) {
            for (int s = range[0]; s <= range[1]; s++) {
                if (machine.states().step(s) == null) {
                    registrations.add(new Registration(id++, Registration.Kind.FIXED, s));
                    break;
                }
            }
        }
        for (Registration.Kind k : new Registration.Kind[] {Registration.Kind.PREPARE_DYN, Registration.Kind.ONLINE_DYN,
                Registration.Kind.MULTI}) {
            for (int j = 0; j < 2; j++) {
                registrations.add(new Registration(id++, k, k == Registration.Kind.PREPARE_DYN ? layout().bpPrepareDyn() : layout().apOnlineDyn()));
            }
        }
    }

    /** Where this machine's kernel puts the core's states. */
    private Layout layout() {
        return machine.states().layout();
    }
}
