package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.state.Callback;
import dev.cpuhp.state.Step;

/**
 * Registration ({@code __cpuhp_setup_state_cpuslocked()} and friends): install a state's
 * callbacks and bring every CPU that is already past the state up to date, or undo that on
 * all of them when one fails. The caller holds the read side of the hotplug lock, so no CPU
 * crosses the state meanwhile; {@code cpuhp_state_mutex} serialises registrations.
 */
final class Registry {
    private final Cpuhp hp;
    private final Walker walker;
    private final ApThread ap;

    Registry(Cpuhp hp, Walker walker, ApThread ap) {
        this.hp = hp;
        this.walker = walker;
        this.ap = ap;
    }

    /** {@code cpuhp_cb_check()}. */
    private boolean invalid(int state) {
        return state <= OFFLINE || state >= hp.layout.online();
    }

    /**
     * {@code __cpuhp_setup_state_cpuslocked()}.
     *
     * @return the allocated state for a dynamic request, 0 for a fixed one, or a negative errno
     */
    int setupState(int state, String name, boolean invoke, Callback startup, Callback teardown, boolean multi) {
        if (invalid(state) || name == null) {
            return Errno.EINVAL.ret();
        }
        hp.lock.stateMutex().lock();
        try {
            int ret = storeCallbacks(state, name, startup, teardown, multi);
            boolean dynamic = hp.layout.isDynamicRequest(state);
            if (ret > 0 && dynamic) {
                state = ret;
                ret = 0;
            }
            if (ret != 0 || !invoke || startup == null) {
                return ret == 0 && dynamic ? state : ret;
            }
            CpuMask present = hp.masks.present();
            for (int cpu = present.first(); cpu < present.nbits(); cpu = present.next(cpu + 1)) {
                if (hp.st(cpu).state < state) {
                    continue;
                }
                ret = issueCall(cpu, state, true, null);
                if (ret != 0) {
                    if (teardown != null) {
                        rollbackInstall(cpu, state, null);
                    }
                    hp.table.clear(state);
                    return ret;
                }
            }
            return dynamic ? state : 0;
        } finally {
            hp.lock.stateMutex().unlock();
        }
    }

    /**
     * {@code cpuhp_store_callbacks()} for an install: reserves a dynamic slot if asked for
     * one; a named fixed slot is taken ({@code -EBUSY}).
     */
    private int storeCallbacks(int state, String name, Callback startup, Callback teardown, boolean multi) {
        int ret = 0;
        if (hp.layout.isDynamicRequest(state)) {
            ret = hp.table.reserve(state);
            if (ret < 0) {
                hp.log.warn("No more dynamic states available for CPU hotplug");
                return ret;
            }
            state = ret;
        }
        if (hp.table.step(state) != null) {
            return Errno.EBUSY.ret();
        }
        Step step;
        try {
            step = Step.of(state, name, startup, teardown, false, multi);
        } catch (IllegalArgumentException e) {
            return Errno.EINVAL.ret();
        }
        hp.table.store(step);
        return ret;
    }

    /**
     * {@code cpuhp_issue_call()}: AP states run on the target CPU's hotplug thread, the others
     * here on the control CPU. A failing teardown is a bug (module removal cannot fail).
     */
    private int issueCall(int cpu, int state, boolean bringup, Object node) {
        Step step = hp.table.step(state);
        if (step == null || step.isEmpty(bringup)) {
            return 0;
        }
        int ret = hp.layout.isApState(state)
                ? ap.invokeApCallback(cpu, state, bringup, node)
                : walker.invokeCallback(cpu, state, bringup, node, false);
        if (ret != 0 && !bringup) {
            hp.log.printk("BUG: teardown of state " + state + " (" + step.name() + ") failed on CPU " + cpu
                    + ": " + Errno.describe(ret));
        }
        return ret;
    }

    /** {@code cpuhp_rollback_install()}: teardown on the CPUs before the one that failed. */
    private void rollbackInstall(int failedCpu, int state, Object node) {
        CpuMask present = hp.masks.present();
        for (int cpu = present.first(); cpu < failedCpu; cpu = present.next(cpu + 1)) {
            if (hp.st(cpu).state >= state) {
                issueCall(cpu, state, false, node);
            }
        }
    }

    /**
     * {@code __cpuhp_state_add_instance_cpuslocked()}: calls startup for the new instance on
     * every CPU at or past the state; on a failure, undoes the CPUs done so far and does not
     * add the instance.
     */
    int addInstance(int state, Object node, boolean invoke) {
        Step step = hp.table.step(state);
        if (step == null || !step.multiInstance()) {
            return Errno.EINVAL.ret();
        }
        hp.lock.stateMutex().lock();
        try {
            step = hp.table.step(state);
            if (invoke && step.startup() != null) {
                CpuMask present = hp.masks.present();
                for (int cpu = present.first(); cpu < present.nbits(); cpu = present.next(cpu + 1)) {
                    if (hp.st(cpu).state < state) {
                        continue;
                    }
                    int ret = issueCall(cpu, state, true, node);
                    if (ret != 0) {
                        if (step.teardown() != null) {
                            rollbackInstall(cpu, state, node);
                        }
                        return ret;
                    }
                }
            }
            hp.table.replace(step, step.withInstance(node));
            return 0;
        } finally {
            hp.lock.stateMutex().unlock();
        }
    }

    /**
     * {@code __cpuhp_state_remove_instance()}: teardown for the instance on every CPU at or
     * past the state, then unlink it. Takes the read side of the hotplug lock itself.
     */
    int removeInstance(int state, Object node, boolean invoke) {
        if (invalid(state)) {
            return Errno.EINVAL.ret();
        }
        Step step = hp.table.step(state);
        if (step == null || !step.multiInstance()) {
            return Errno.EINVAL.ret();
        }
        hp.lock.readLock();
        hp.lock.stateMutex().lock();
        try {
            step = hp.table.step(state);
            if (invoke && step.teardown() != null) {
                forEachAtOrPast(state, cpu -> issueCall(cpu, state, false, node));
            }
            hp.table.replace(step, step.withoutInstance(node));
            return 0;
        } finally {
            hp.lock.stateMutex().unlock();
            hp.lock.readUnlock();
        }
    }

    /**
     * {@code __cpuhp_remove_state_cpuslocked()}: teardown on every CPU at or past the state
     * (never for a multi-instance state, which must be empty), then free the slot.
     *
     * @return 0, or {@code -EINVAL} for a state number outside the table (the kernel BUGs)
     */
    int removeState(int state, boolean invoke) {
        if (invalid(state)) {
            return Errno.EINVAL.ret();
        }
        hp.lock.stateMutex().lock();
        try {
            Step step = hp.table.step(state);
            if (step == null) {
                return 0;
            }
            if (step.multiInstance()) {
                if (!step.instances().isEmpty()) {
                    hp.log.warn("Error: Removing state " + state + " which has instances left.");
                }
            } else if (invoke && step.teardown() != null) {
                forEachAtOrPast(state, cpu -> issueCall(cpu, state, false, null));
            }
            hp.table.clear(state);
            return 0;
        } finally {
            hp.lock.stateMutex().unlock();
        }
    }

    private void forEachAtOrPast(int state, java.util.function.IntConsumer action) {
        CpuMask present = hp.masks.present();
        for (int cpu = present.first(); cpu < present.nbits(); cpu = present.next(cpu + 1)) {
            if (hp.st(cpu).state >= state) {
                action.accept(cpu);
            }
        }
    }
}
