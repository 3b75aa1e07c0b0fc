package dev.cpuhp.torture;

import static dev.cpuhp.state.CpuhpState.INVALID;
import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.hotplug.SmtControl;
import dev.cpuhp.hotplug.SyncState;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.smp.SmpFunction;
import dev.cpuhp.state.Layout;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One torture driver: a simulated task that issues operations until the run's budget is spent,
 * and checks each one's answer and aftermath. Operation {@code i} is drawn from a generator
 * seeded by (seed, i), so what an operation is does not depend on which driver runs it.
 *
 * <p>A transition claims its CPU (the drawn one, or the next free one after it; SMT control
 * claims them all) and a registration operation claims its registration, without blocking: a
 * driver that finds nothing free skips the operation.
 * With the claim held nothing else moves that CPU, so the state before and after an operation
 * are exact and "a failed operation leaves the CPU where it was" can be checked strictly.
 */
final class Driver {
    private static final Set<Integer> TRANSITION_ERRNOS = Set.of(0, Errno.EBUSY.ret(), Errno.EPERM.ret(),
            Errno.EAGAIN.ret(), Errno.ENOMEM.ret(), Errno.EINVAL.ret());
    private static final Set<Integer> TRANSITION_OR_SYNC_ERRNOS = Set.of(0, Errno.EBUSY.ret(), Errno.EPERM.ret(),
            Errno.EAGAIN.ret(), Errno.ENOMEM.ret(), Errno.EINVAL.ret(), Errno.EIO.ret());


    private final Torture run;
    private final Machine m;
    private final Hotplug hp;
    private final Checker checker;
    private final int n;

    Driver(Torture run) {
        this.run = run;
        this.m = run.machine;
        this.hp = m.hotplug();
        this.checker = run.checker;
        this.n = m.nrCpuIds();
    }

    void loop() {
        long i;
        while ((i = run.claimOp()) >= 0) {
            runOne(i);
        }
    }

    private void runOne(long i) {
        SplittableRandom rng = new SplittableRandom(run.spec.seed() * 0x9E3779B97F4A7C15L + i);
        Op op = Op.draw(rng);
        checker.currentOp.set(i);
        long t0 = m.scheduler().now();
        long timeouts0 = run.syncTimeouts.get();
        Integer ret = switch (op) {
            case UP, DOWN, TARGET, FAIL -> transition(i, op, rng);
            case SMT -> smt(i, rng);
            case SETUP, REMOVE, ADD_INSTANCE, REMOVE_INSTANCE -> registration(i, op, rng);
            case CROSS_CALL -> crossCall(i, rng);
            case READ_LOCKED -> readLocked(i, rng);
        };
        long took = m.scheduler().now() - t0;
        if (ret == null) {
            run.stats.skipped();
            run.digest.result(i, Integer.MIN_VALUE);
            return;
        }
        run.stats.op(op, ret);
        run.digest.result(i, ret);
        long bound = run.spec.opBoundNanos() + (run.syncTimeouts.get() - timeouts0) * SyncState.TIMEOUT_NANOS;
        if (took > bound) {
            checker.violation("liveness", i, op + " took " + took / 1_000_000 + " ms of simulated time, past the bound of "
                    + bound / 1_000_000 + " ms");
        }
    }

    // ------------------------------------------------------------------ transitions

    private Integer transition(long i, Op op, SplittableRandom rng) {
        int cpu = run.claims.claimFrom(rng.nextInt(n));
        if (cpu < 0) {
            return null;
        }
        try {
            int before = hp.state(cpu).state();
            boolean parkedDead = parkedDead(cpu);
            int target = switch (op) {
                case UP -> layout().online();
                case DOWN -> OFFLINE;
                case TARGET -> rng.nextInt(OFFLINE - 2, layout().online() + 3);
                default -> before == layout().online() ? OFFLINE : layout().online();
            };
            if (op == Op.FAIL && !run.faultGate.claim()) {
                return null;
            }
            int failAt = INVALID;
            if (op == Op.FAIL) {
                int at = rng.nextInt(OFFLINE, layout().online() + 1);
                int armed = hp.setFail(cpu, at);
                check(i, "fail", armed, Set.of(0, Errno.EINVAL.ret()));
                if (armed == 0) {
                    run.stats.injected();
                    failAt = at;
                }
                run.quiet(cpu, true); // the torture's own callbacks must not fail a rollback here
            }
            long t0 = m.scheduler().now();
            int ret = before < target ? hp.cpuUp(cpu, target) : before > target ? hp.cpuDown(cpu, target) : 0;
            long took = m.scheduler().now() - t0;
            if (op == Op.FAIL) {
                hp.setFail(cpu, INVALID);
                run.quiet(cpu, false);
                run.faultGate.release();
            }
            checkTransition(i, cpu, before, parkedDead, failAt, target, ret);
            if (ret == 0 && (target == layout().online() || target == OFFLINE) && before != target) {
                run.stats.latency(target == layout().online(), took);
            }
            return ret;
        } finally {
            run.claims.release(cpu);
        }
    }

    /** Taken down to {@code cpu:kick_ap}, which has no teardown: dead, and nothing will kick it. */
    private boolean parkedDead(int cpu) {
        return hp.state(cpu).state() == layout().bpKickAp() && hp.state(cpu).syncState() == SyncState.DEAD;
    }

    /**
     * @param parkedDead the CPU stood at {@code cpu:kick_ap} with its AP dead: it came down to
     *                   there, so nothing will kick it again and {@code cpu:bringup} waits for an
     *                   alive report that never comes. 6.12 answers such an up with EIO after
     *                   {@code cpuhp_bp_sync_alive()}'s 10 s and leaves the CPU where it was,
     *                   unless a failure armed at {@code cpu:bringup} fires first
     * @param failAt     the state a one-shot failure was armed at, or {@code INVALID}
     */
    private void checkTransition(long i, int cpu, int before, boolean parkedDead, int failAt, int target, int ret) {
        String what = "cpu " + (before < target ? "up" : "down") + " of CPU " + cpu + " to " + target;
        boolean invalid = target < OFFLINE || target > layout().online() || layout().isTransient(target);
        if (parkedDead && before < target && !invalid) {
            // refused before any step (EPERM: a sibling with SMT off), or the first step's answer
            check(i, what + " from a dead CPU parked at cpu:kick_ap", ret, Set.of(Errno.EPERM.ret(),
                    failAt == layout().bringupCpu() ? Errno.EAGAIN.ret() : Errno.EIO.ret()));
        } else {
            check(i, what, ret, TRANSITION_ERRNOS);
        }
        int after = hp.state(cpu).state();
        if (invalid != (ret == Errno.EINVAL.ret())) {
            checker.violation("errno", i, "target " + target + " for CPU " + cpu + " answered " + Errno.describe(ret)
                    + (invalid ? ", not EINVAL" : ""));
        }
        if (ret == 0 && before != target && after != target) {
            checker.violation("state", i, "CPU " + cpu + " went from " + before + " towards " + target + ", got 0 and stands at " + after);
        }
        if (ret != 0 && after != before) {
            checker.violation("rollback", i, "CPU " + cpu + " from " + before + " towards " + target + " failed with "
                    + Errno.describe(ret) + " and stands at " + after + ", not where it started");
        }
        if (ret == Errno.EAGAIN.ret() || ret == Errno.ENOMEM.ret()) {
            run.stats.rollback();
        }
        checker.checkCpu(i, cpu);
    }

    private Integer smt(long i, SplittableRandom rng) {
        if (hp.smtMaxThreads() < 2) {
            return null;
        }
        if (!run.claims.claimAll()) {
            return null;
        }
        try {
            boolean off = rng.nextBoolean();
            boolean anyParkedDead = false;
            for (int cpu = 0; cpu < n; cpu++) {
                anyParkedDead |= parkedDead(cpu);
            }
            int ret = off ? hp.smtDisable(SmtControl.DISABLED, 1, c -> { })
                    : hp.smtEnable(hp.smtMaxThreads(), c -> { });
            // cpuhp_smt_enable() stops at the first CPU that fails to come up (see checkTransition)
            check(i, "smt " + (off ? "off" : "on"), ret, !off && anyParkedDead ? TRANSITION_OR_SYNC_ERRNOS : TRANSITION_ERRNOS);
            for (int cpu = 0; cpu < n; cpu++) {
                checker.checkCpu(i, cpu);
                boolean secondary = !m.topology().isPrimary(cpu);
                if (ret == 0 && off && secondary && m.masks().isOnline(cpu)) {
                    checker.violation("smt", i, "smt off succeeded and secondary CPU " + cpu + " is online");
                }
                if (ret == 0 && !off && !m.masks().isOnline(cpu)) {
                    checker.violation("smt", i, "smt on succeeded and CPU " + cpu + " is offline");
                }
            }
            if (ret == Errno.EAGAIN.ret() || ret == Errno.ENOMEM.ret()) {
                run.stats.rollback();
            }
            return ret;
        } finally {
            run.claims.releaseAll();
        }
    }

    // ------------------------------------------------------------------ registration

    private Integer registration(long i, Op op, SplittableRandom rng) {
        java.util.function.Predicate<Registration> fits = r -> switch (op) {
            case SETUP -> !r.registered();
            case REMOVE -> r.registered();
            case ADD_INSTANCE -> r.registered() && r.kind == Registration.Kind.MULTI;
            default -> r.registered() && r.kind == Registration.Kind.MULTI && !r.instances.isEmpty();
        };
        List<Registration> candidates = run.registrations.stream().filter(fits).toList();
        if (candidates.isEmpty()) {
            return null;
        }
        Registration r = candidates.get(rng.nextInt(candidates.size()));
        if (!run.faultGate.claim()) {
            return null;
        }
        // Chosen before the claims: with drivers truly at once (--concurrent) another one may
        // have removed or set it up in between, so the choice is checked again under them.
        if (!r.claim()) {
            run.faultGate.release();
            return null;
        }
        if (!fits.test(r)) {
            r.release();
            run.faultGate.release();
            return null;
        }
        r.registering = true;
        try {
            return switch (op) {
                case SETUP -> setup(i, r);
                case REMOVE -> remove(i, r);
                case ADD_INSTANCE -> addInstance(i, r);
                default -> removeInstance(i, r, r.instances.get(rng.nextInt(r.instances.size())));
            };
        } finally {
            r.registering = false;
            r.release();
            run.faultGate.release();
        }
    }

    private int setup(long i, Registration r) {
        TortureCallbacks cb = run.callbacks;
        int ret = switch (r.kind) {
            case FIXED -> hp.setupState(r.request, r.name(), cb.startup(r), cb.teardown(r));
            case PREPARE_DYN -> hp.setupState(layout().bpPrepareDyn(), r.name(), cb.startup(r), cb.teardown(r));
            case ONLINE_DYN -> hp.setupState(layout().apOnlineDyn(), r.name(), cb.startup(r), cb.teardown(r));
            case MULTI -> hp.setupStateMulti(layout().apOnlineDyn(), r.name(), cb.instanceStartup(r), cb.instanceTeardown(r));
        };
        check(i, "setup of " + r, ret, Set.of(0, Errno.EBUSY.ret(), Errno.ENOSPC.ret(), Errno.ENOMEM.ret()), true);
        if (ret >= 0) {
            r.state = r.kind == Registration.Kind.FIXED ? r.request : ret;
            expectInstalled(i, r, CallbackLedger.SINGLE);
        } else {
            if (ret == Errno.ENOMEM.ret()) {
                run.stats.rollback();
            }
            expectGone(i, r, null, "setup of " + r + " failed with " + Errno.describe(ret));
        }
        return ret;
    }

    private int remove(long i, Registration r) {
        int ret = 0;
        if (r.kind == Registration.Kind.MULTI) {
            for (TortureCallbacks.Node inst : List.copyOf(r.instances)) {
                ret = removeInstance(i, r, inst);
            }
            ret = ret != 0 ? ret : hp.removeMultiState(r.state);
        } else {
            ret = hp.removeState(r.state);
        }
        check(i, "remove of " + r, ret, Set.of(0));
        expectGone(i, r, null, "removal of " + r);
        r.state = -1;
        r.instances.clear();
        return ret;
    }

    private int addInstance(long i, Registration r) {
        TortureCallbacks.Node inst = new TortureCallbacks.Node(r.id, r.nextInstance++);
        int ret = hp.addInstance(r.state, inst);
        check(i, "add instance to " + r, ret, Set.of(0, Errno.ENOMEM.ret()));
        if (ret == 0) {
            r.instances.add(inst);
            expectInstalled(i, r, inst);
        } else {
            run.stats.rollback();
            expectGone(i, r, inst, "add instance " + inst + " to " + r + " failed");
            run.callbacks.forget(r, inst);
        }
        return ret;
    }

    private int removeInstance(long i, Registration r, TortureCallbacks.Node inst) {
        int ret = hp.removeInstance(r.state, inst);
        check(i, "remove instance from " + r, ret, Set.of(0));
        r.instances.remove(inst);
        expectGone(i, r, inst, "removal of instance " + inst + " of " + r);
        run.callbacks.forget(r, inst);
        return ret;
    }

    /**
     * Right after an install, with the turn still held (deterministic mode only: with real
     * concurrency CPUs may have moved since), the callback is up exactly where the CPU is at
     * or past the state.
     */
    private void expectInstalled(long i, Registration r, Object instance) {
        if (!m.scheduler().isDeterministic() || (r.kind == Registration.Kind.MULTI && instance == CallbackLedger.SINGLE)) {
            return;
        }
        for (int cpu = 0; cpu < n; cpu++) {
            int state = hp.state(cpu).state();
            boolean expected = r.state <= state;
            if (checker.ledger().isUp(cpu, r, instance) != expected) {
                checker.violation("complete", i, r + " installed at state " + r.state + ": on CPU " + cpu + " at state "
                        + state + " its startup " + (expected ? "did not run" : "ran though the CPU is below it"));
            }
        }
    }

    private void expectGone(long i, Registration r, TortureCallbacks.Node instance, String what) {
        for (String left : checker.ledger().upAnywhere(r)) {
            if (instance == null || left.endsWith("instance " + instance)) {
                checker.violation("rollback", i, what + ", yet its startup is still in effect on " + left);
            }
        }
    }

    // ------------------------------------------------------------------ the rest

    private Integer crossCall(long i, SplittableRandom rng) {
        int target = rng.nextInt(n);
        int[] ran = {-1, 0};
        int ret = m.smp().callSingle(target, new SmpFunction("torture_ipi", c -> {
            ran[0] = c;
            ran[1]++;
        }), true, "torture_cross_call");
        check(i, "cross call to CPU " + target, ret, Set.of(0, Errno.ENXIO.ret()));
        if (ret == 0 && (ran[1] != 1 || ran[0] != target)) {
            checker.violation("cross-call", i, "a call to CPU " + target + " returned 0 and ran " + ran[1] + " time(s), on CPU " + ran[0]);
        }
        return ret;
    }

    private Integer readLocked(long i, SplittableRandom rng) {
        int ret = hp.cpusReadLock();
        check(i, "cpus_read_lock", ret, Set.of(0));
        if (ret != 0) {
            return ret;
        }
        try {
            CpuMask online = m.masks().online();
            CpuMask active = m.masks().active();
            m.scheduler().sleep(rng.nextLong(1_000, 2_000_000));
            if (!online.equals(m.masks().online()) || !active.equals(m.masks().active())) {
                checker.violation("read-lock", i, "the masks changed under cpus_read_lock(): online " + online + " -> "
                        + m.masks().online() + ", active " + active + " -> " + m.masks().active());
            }
        } finally {
            hp.cpusReadUnlock();
        }
        return 0;
    }

    private void check(long i, String what, int ret, Set<Integer> allowed) {
        check(i, what, ret, allowed, false);
    }

    private void check(long i, String what, int ret, Set<Integer> allowed, boolean positiveOk) {
        if (!allowed.contains(ret) && !(positiveOk && ret > 0)) {
            checker.violation("errno", i, what + " answered " + Errno.describe(ret) + ", which the kernel never answers there");
        }
    }

    /** Where this machine's kernel puts the core's states. */
    private Layout layout() {
        return m.states().layout();
    }
}
