package dev.cpuhp.torture;


import dev.cpuhp.errno.Errno;
import dev.cpuhp.state.CpuCallback;
import dev.cpuhp.state.CpuhpState;
import dev.cpuhp.state.InstanceCallback;

/**
 * The callbacks of the torture's own states. Each reports itself to the ledger (before it
 * returns, so the ledger sees invocations in the order they happen on a CPU) and now and then
 * fails its startup with ENOMEM, as a real driver's allocation might. Whether it fails is a
 * hash of (seed, registration, instance, CPU, how many times it ran there): reproducible, and
 * never in the atomic section (STARTING callbacks must not fail) nor on a CPU whose operation
 * has a fault injected already (so that operation's rollback is exact and checkable).
 */
final class TortureCallbacks {
    /** A multi-instance node: registration id and instance number. */
    record Node(int reg, int n) {
        @Override
        public String toString() {
            return reg + "." + n;
        }
    }

    /** One failure in this many startups, on average. */
    private static final int FAIL_ONE_IN = 32;

    private final Torture run;
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> counts = new java.util.concurrent.ConcurrentHashMap<>();

    TortureCallbacks(Torture run) {
        this.run = run;
    }

    CpuCallback startup(Registration r) {
        return cpu -> invoke(r, CallbackLedger.SINGLE, cpu, true);
    }

    CpuCallback teardown(Registration r) {
        return cpu -> invoke(r, CallbackLedger.SINGLE, cpu, false);
    }

    InstanceCallback<Node> instanceStartup(Registration r) {
        return (cpu, node) -> invoke(r, node, cpu, true);
    }

    InstanceCallback<Node> instanceTeardown(Registration r) {
        return (cpu, node) -> invoke(r, node, cpu, false);
    }

    private int invoke(Registration r, Object instance, int cpu, boolean startup) {
        int state = r.state >= 0 ? r.state : run.machine.states().find(r.name()).orElse(CpuhpState.INVALID);
        int ret = startup && shouldFail(r, instance, cpu, state) ? Errno.ENOMEM.ret() : 0;
        if (ret != 0) {
            run.stats.injected();
        }
        String what = r.name() + (instance == CallbackLedger.SINGLE ? "" : " instance " + instance);
        long op = run.checker.currentOp.get();
        if (!r.registering) {
            run.checker.ledger().entering(op, cpu, state, startup, what);
        }
        run.checker.ledger().record(op, cpu, state, r, instance, startup, ret, what);
        return ret;
    }

    /**
     * Drops the startup counts of an instance that is gone for good (removed, or never added):
     * instance numbers are never reused, so without this a long run's counts grow without bound.
     */
    void forget(Registration r, Object instance) {
        for (int cpu = 0; cpu < run.machine.nrCpuIds(); cpu++) {
            counts.remove(countKey(r, instance, cpu));
        }
    }

    private static String countKey(Registration r, Object instance, int cpu) {
        return r.id + "/" + instance + "/" + cpu;
    }

    private boolean shouldFail(Registration r, Object instance, int cpu, int state) {
        if (run.machine.states().layout().isAtomic(state) || state == run.machine.states().layout().apOnline() || run.quiet(cpu)) {
            return false;
        }
        String key = countKey(r, instance, cpu);
        int k = counts.merge(key, 1, Integer::sum);
        long h = run.spec.seed() ^ ((long) key.hashCode() << 20) ^ k * 0x9E3779B97F4A7C15L;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 29;
        return Math.floorMod(h, FAIL_ONE_IN) == 0;
    }
}
