package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.INVALID;
import static dev.cpuhp.state.CpuhpState.OFFLINE;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.smp.CrossCall;
import dev.cpuhp.smp.KThread;
import dev.cpuhp.smp.PercpuThread;
import dev.cpuhp.smp.Smpboot;
import dev.cpuhp.smp.StopMachine;
import dev.cpuhp.state.Callback;
import dev.cpuhp.state.CpuCallback;
import dev.cpuhp.state.InstanceCallback;
import dev.cpuhp.state.KernelTable;
import dev.cpuhp.state.StateTable;
import dev.cpuhp.state.Step;
import dev.cpuhp.trace.KernelLog;
import dev.cpuhp.trace.Tracer;
import java.util.function.IntSupplier;

/**
 * The CPU hotplug API of a simulated machine: drive CPUs to any state, register states and
 * instances, take the hotplug lock. Return values follow the kernel: {@code 0} (or an
 * allocated state number) on success, a negative errno on failure.
 *
 * <p>Every method may be called from any thread: the caller enters the machine as a task for
 * the duration of the call. Calling a registration or transition method from inside a hotplug
 * callback would deadlock in Linux (the operation in progress holds the hotplug lock); here it
 * is refused with {@code -EDEADLK} and a warning.
 */
public final class Hotplug {
    private final Cpuhp hp;
    private final Walker walker;
    private final ApThread ap;
    private final CoreSteps core;
    private final SchedSteps sched;
    private final Transitions transitions;
    private final Registry registry;
    private final Bringup bringup;
    private final Shutdown shutdown;

    /**
     * @param kernel       the rows to install; {@code table} must have its layout
     * @param minimalTable install only the core's own states, not the other subsystems'
     */
    public Hotplug(Scheduler scheduler, StateTable table, CpuMasks masks, Topology topology, Tracer tracer,
                   KernelLog log, Smpboot smpboot, CrossCall smp, StopMachine stopMachine,
                   KernelTable kernel, boolean minimalTable) {
        if (!kernel.layout().equals(table.layout())) {
            throw new IllegalArgumentException("state table of Linux " + table.layout().kernel() + ", rows of "
                    + kernel.layout().kernel());
        }
        this.hp = new Cpuhp(scheduler, table, masks, topology, tracer, log, smpboot, smp, stopMachine);
        this.walker = new Walker(hp);
        this.ap = new ApThread(hp, walker);
        this.core = new CoreSteps(hp, walker, ap);
        this.sched = new SchedSteps(hp);
        this.transitions = new Transitions(hp, walker, ap);
        this.registry = new Registry(hp, walker, ap);
        this.bringup = new Bringup(hp, transitions);
        this.shutdown = new Shutdown(hp, transitions);
        new BuiltinSteps(hp, core, sched).install(kernel, minimalTable);
    }

    /** Connects the platform; done once, before the first CPU comes up. */
    public void setPlatform(Platform platform) {
        hp.platform = platform;
    }

    /** The entry points the platform calls on an AP. */
    public ApEntry apEntry() {
        return core;
    }

    // ------------------------------------------------------------------ boot

    /**
     * {@code boot_cpu_init()} + {@code boot_cpu_hotplug_init()} + {@code cpuhp_threads_init()}:
     * the boot CPU is online and active at {@code CPUHP_ONLINE} with its hotplug thread running.
     */
    public void bootCpu(int cpu) {
        enter(() -> {
            hp.masks.setOnline(cpu, true);
            hp.masks.setActive(cpu, true);
            hp.masks.setBootedOnce(cpu);
            CpuhpCpuState st = hp.st(cpu);
            st.apSyncState.set(SyncState.ONLINE.ordinal());
            st.state = hp.layout.online();
            st.target = hp.layout.online();
            hp.smp.setStopperEnabled(cpu, true);
            hp.smpboot.register(ap);
            hp.smpboot.createThread(ap, cpu).unpark();
            return 0;
        });
    }

    /**
     * {@code bringup_nonboot_cpus()} over {@code mask}.
     *
     * @param maxCpus CPUs to try, the boot CPU included ({@code maxcpus=})
     */
    public void bringupNonbootCpus(CpuMask mask, int maxCpus, Strategy strategy) {
        enter(() -> {
            bringup.bringupNonbootCpus(mask, maxCpus, strategy);
            return 0;
        });
    }

    /**
     * Takes every online CPU but the caller's down before a kexec, as {@code how} says, and
     * leaves hotplug disabled (the machine is about to jump to the new kernel).
     */
    public void shutdownNonbootCpus(Teardown how) {
        enter(() -> {
            shutdown.shutdownNonbootCpus(how);
            return 0;
        });
    }

    // ------------------------------------------------------------------ transitions

    /** {@code cpu_up(cpu, CPUHP_ONLINE)}. */
    public int cpuUp(int cpu) {
        return cpuUp(cpu, hp.layout.online());
    }

    /**
     * {@code cpu_up(cpu, target)}: brings a CPU up to any state it can rest at; a state
     * between {@code cpu:bringup} and the AP's idle task ({@link dev.cpuhp.state.CpuhpState#isTransient})
     * is EINVAL.
     */
    public int cpuUp(int cpu, int target) {
        if (!validTarget(cpu, target)) {
            return Errno.EINVAL.ret();
        }
        return guarded("cpu_up", () -> transitions.cpuUp(cpu, target));
    }

    /** {@code cpu_down(cpu, CPUHP_OFFLINE)}. */
    public int cpuDown(int cpu) {
        return cpuDown(cpu, OFFLINE);
    }

    /** {@code cpu_down(cpu, target)}: takes a CPU down to any state it can rest at. */
    public int cpuDown(int cpu, int target) {
        if (!validTarget(cpu, target)) {
            return Errno.EINVAL.ret();
        }
        return guarded("cpu_down", () -> transitions.cpuDown(cpu, target));
    }

    /** {@code cpu_hotplug_disable()}: until the matching enable, up/down fail with EBUSY. */
    public void disable() {
        guarded("cpu_hotplug_disable", () -> {
            hp.lock.disable();
            return 0;
        });
    }

    /** {@code cpu_hotplug_enable()}; an unbalanced call warns and changes nothing. */
    public void enable() {
        guarded("cpu_hotplug_enable", () -> {
            if (!hp.lock.enable()) {
                hp.log.warn("Unbalanced cpu hotplug enable");
            }
            return 0;
        });
    }

    /**
     * {@code cpu_hotplug_disable_offlining()}: offlining fails with EOPNOTSUPP from now on.
     *
     * @return 0, or -EDEADLK from inside a hotplug callback (the operation holds the lock)
     */
    public int disableOfflining() {
        return guarded("cpu_hotplug_disable_offlining", () -> {
            hp.lock.disableOfflining();
            return 0;
        });
    }

    // ------------------------------------------------------------------ the hotplug lock

    /**
     * {@code cpus_read_lock()}: the set of online CPUs stays as it is until the unlock.
     *
     * @return 0, or -EDEADLK from inside a hotplug callback: the operation that runs it holds
     *         the write side (Linux would hang there; lockdep would name the recursion)
     */
    public int cpusReadLock() {
        return guarded("cpus_read_lock", () -> {
            if (hp.bugs.readLockIsNoop()) {
                return 0;
            }
            hp.lock.readLock();
            return 0;
        });
    }

    /** {@code cpus_read_trylock()}. */
    public boolean cpusReadTrylock() {
        return hp.bugs.readLockIsNoop() || hp.lock.tryReadLock();
    }

    /** {@code cpus_read_unlock()}. */
    public void cpusReadUnlock() {
        if (!hp.bugs.readLockIsNoop()) {
            hp.lock.readUnlock();
        }
    }

    /** Bugs a test may plant in this machine's core to prove a checker catches them. */
    public PlantedBugs plantedBugs() {
        return hp.bugs;
    }

    /** {@code lockdep_is_cpus_held()}. */
    public boolean cpusHeld() {
        return hp.lock.isHeld();
    }

    // ------------------------------------------------------------------ registration

    /**
     * {@code cpuhp_setup_state()}: installs callbacks at {@code state} (a fixed free slot, or
     * {@code BP_PREPARE_DYN}/{@code AP_ONLINE_DYN} for a dynamic one) and runs the startup on
     * every CPU already at or past it. Symbols in traces are derived from {@code name}.
     *
     * @return the allocated state (dynamic), 0 (fixed), or -EINVAL, -EBUSY, -ENOSPC, or the
     *         first callback error after undoing the CPUs already done
     */
    public int setupState(int state, String name, CpuCallback startup, CpuCallback teardown) {
        return setupState(state, name, true, single(name, "startup", startup), single(name, "teardown", teardown), false);
    }

    /** {@code cpuhp_setup_state_nocalls()}: installs without calling anything. */
    public int setupStateNocalls(int state, String name, CpuCallback startup, CpuCallback teardown) {
        return setupState(state, name, false, single(name, "startup", startup), single(name, "teardown", teardown), false);
    }

    /** {@code cpuhp_setup_state_multi()}: a multi-instance state; instances come later. */
    public <T> int setupStateMulti(int state, String name, InstanceCallback<T> startup, InstanceCallback<T> teardown) {
        return setupState(state, name, false, Callback.multi(symbol(name, "startup"), startup),
                Callback.multi(symbol(name, "teardown"), teardown), true);
    }

    /**
     * {@code __cpuhp_setup_state()} with explicit callbacks (and the symbols traces show).
     */
    public int setupState(int state, String name, boolean invoke, Callback startup, Callback teardown,
                          boolean multiInstance) {
        return guarded("cpuhp_setup_state", () -> {
            hp.lock.readLock();
            try {
                return registry.setupState(state, name, invoke, startup, teardown, multiInstance);
            } finally {
                hp.lock.readUnlock();
            }
        });
    }

    /** {@code __cpuhp_setup_state_cpuslocked()}: the caller holds {@link #cpusReadLock()}. */
    public int setupStateCpuslocked(int state, String name, boolean invoke, Callback startup, Callback teardown,
                                    boolean multiInstance) {
        return guarded("cpuhp_setup_state_cpuslocked", () -> {
            assertCpusHeld("cpuhp_setup_state_cpuslocked");
            return registry.setupState(state, name, invoke, startup, teardown, multiInstance);
        });
    }

    /** {@code cpuhp_state_add_instance()}: startup for {@code node} on every CPU at or past {@code state}. */
    public int addInstance(int state, Object node) {
        return addInstance(state, node, true);
    }

    /** {@code cpuhp_state_add_instance_nocalls()}. */
    public int addInstanceNocalls(int state, Object node) {
        return addInstance(state, node, false);
    }

    private int addInstance(int state, Object node, boolean invoke) {
        return guarded("cpuhp_state_add_instance", () -> {
            hp.lock.readLock();
            try {
                return registry.addInstance(state, node, invoke);
            } finally {
                hp.lock.readUnlock();
            }
        });
    }

    /** {@code cpuhp_state_add_instance_nocalls_cpuslocked()} and the invoking variant. */
    public int addInstanceCpuslocked(int state, Object node, boolean invoke) {
        return guarded("cpuhp_state_add_instance_cpuslocked", () -> {
            assertCpusHeld("cpuhp_state_add_instance_cpuslocked");
            return registry.addInstance(state, node, invoke);
        });
    }

    /** {@code cpuhp_state_remove_instance()}: teardown for {@code node} where it ran, then unlink. */
    public int removeInstance(int state, Object node) {
        return guarded("cpuhp_state_remove_instance", () -> registry.removeInstance(state, node, true));
    }

    /** {@code cpuhp_state_remove_instance_nocalls()}. */
    public int removeInstanceNocalls(int state, Object node) {
        return guarded("cpuhp_state_remove_instance", () -> registry.removeInstance(state, node, false));
    }

    /** {@code cpuhp_remove_state()}: teardown on every CPU at or past the state, free the slot. */
    public int removeState(int state) {
        return removeState(state, true);
    }

    /** {@code cpuhp_remove_state_nocalls()}. */
    public int removeStateNocalls(int state) {
        return removeState(state, false);
    }

    /** {@code cpuhp_remove_multi_state()}: the instances must be gone; nothing is invoked. */
    public int removeMultiState(int state) {
        return removeState(state, false);
    }

    private int removeState(int state, boolean invoke) {
        return guarded("cpuhp_remove_state", () -> {
            hp.lock.readLock();
            try {
                return registry.removeState(state, invoke);
            } finally {
                hp.lock.readUnlock();
            }
        });
    }

    /** {@code cpuhp_remove_state_nocalls_cpuslocked()} and the invoking variant. */
    public int removeStateCpuslocked(int state, boolean invoke) {
        return guarded("cpuhp_remove_state_cpuslocked", () -> {
            assertCpusHeld("cpuhp_remove_state_cpuslocked");
            return registry.removeState(state, invoke);
        });
    }

    // ------------------------------------------------------------------ per-CPU threads

    /**
     * {@code smpboot_register_percpu_thread()}: creates and unparks the thread on every online
     * CPU now; later CPUs get theirs at {@code threads:prepare}.
     */
    public int registerPercpuThread(PercpuThread thread) {
        return guarded("smpboot_register_percpu_thread", () -> {
            hp.lock.readLock();
            try {
                hp.smpboot.register(thread);
                hp.masks.online().forEach(cpu -> hp.smpboot.createThread(thread, cpu).unpark());
                return 0;
            } finally {
                hp.lock.readUnlock();
            }
        });
    }

    /** {@code smpboot_unregister_percpu_thread()}. */
    public void unregisterPercpuThread(PercpuThread thread) {
        guarded("smpboot_unregister_percpu_thread", () -> {
            hp.lock.readLock();
            try {
                hp.smpboot.unregister(thread);
                return 0;
            } finally {
                hp.lock.readUnlock();
            }
        });
    }

    /** The thread of {@code thread} on {@code cpu}, or null. */
    public KThread percpuThread(PercpuThread thread, int cpu) {
        return hp.smpboot.thread(thread, cpu);
    }

    // ------------------------------------------------------------------ fault injection

    /**
     * Writes {@code cpuN/hotplug/fail}: the next invocation of {@code state}'s callback on
     * {@code cpu} is skipped and fails with EAGAIN. {@code -1} resets. Refused with EINVAL:
     * out of range, a STARTING/DYING state, a state at or below {@code cpu:bringup} while the
     * CPU is past it (dead callbacks cannot fail), a state without callbacks.
     */
    public int setFail(int cpu, int state) {
        return guarded("fail_store", () -> failStore(cpu, state));
    }

    private int failStore(int cpu, int state) {
        CpuhpCpuState st = hp.st(cpu);
        if (state == INVALID) {
            st.fail = INVALID;
            return 0;
        }
        if (state < OFFLINE || state > hp.layout.online() || hp.layout.isAtomic(state)) {
            return Errno.EINVAL.ret();
        }
        if (state <= hp.layout.bringupCpu() && st.state > hp.layout.bringupCpu()) {
            return Errno.EINVAL.ret();
        }
        hp.lock.stateMutex().lock();
        try {
            Step step = hp.table.step(state);
            if (step == null || step.hasNoCallbacks()) {
                return Errno.EINVAL.ret();
            }
            st.fail = state;
            return 0;
        } finally {
            hp.lock.stateMutex().unlock();
        }
    }

    // ------------------------------------------------------------------ inspection

    /** The hotplug record of {@code cpu}: state, target, fail, sync state. */
    public CpuhpCpuState state(int cpu) {
        return hp.st(cpu);
    }

    public StateTable table() {
        return hp.table;
    }

    /** Where the control CPU waited for APs. */
    public ControlWaits waits() {
        return hp.waits;
    }

    /** {@code sched_smt_active()}. */
    public boolean smtActive() {
        return sched.smtActive();
    }

    public SmtControl smtControl() {
        return hp.smt.control;
    }

    public int smtNumThreads() {
        return hp.smt.numThreads;
    }

    public int smtMaxThreads() {
        return hp.smt.maxThreads;
    }

    /**
     * {@code cpuhp_smt_disable()}: takes every online secondary thread down (with
     * {@code ENABLED} and a thread count, only the threads beyond it), then sets the control.
     * Stops at the first failure and returns it; the CPUs already down stay down.
     *
     * @param offlined told of every CPU taken down (the device core marks it offline)
     */
    public int smtDisable(SmtControl control, int numThreads, java.util.function.IntConsumer offlined) {
        return guarded("cpuhp_smt_disable", () -> {
            hp.lock.mapsBegin();
            try {
                hp.smt.numThreads = numThreads;
                CpuMask online = hp.masks.online();
                for (int cpu = online.first(); cpu < online.nbits(); cpu = online.next(cpu + 1)) {
                    if (hp.topology.isPrimary(cpu)
                            || (control == SmtControl.ENABLED && hp.smt.threadAllowed(cpu))) {
                        continue;
                    }
                    int ret = transitions.cpuDownMapsLocked(cpu, OFFLINE);
                    if (ret != 0) {
                        return ret;
                    }
                    offlined.accept(cpu);
                }
                hp.smt.control = control;
                return 0;
            } finally {
                hp.lock.mapsDone();
            }
        });
    }

    /**
     * {@code cpuhp_smt_enable()}: sets the control to on and brings up every present, offline
     * thread the thread count allows. Stops at the first failure and returns it.
     *
     * @param onlined told of every CPU brought up
     */
    public int smtEnable(int numThreads, java.util.function.IntConsumer onlined) {
        return guarded("cpuhp_smt_enable", () -> {
            hp.lock.mapsBegin();
            try {
                hp.smt.numThreads = numThreads;
                hp.smt.control = SmtControl.ENABLED;
                CpuMask present = hp.masks.present();
                for (int cpu = present.first(); cpu < present.nbits(); cpu = present.next(cpu + 1)) {
                    if (hp.masks.isOnline(cpu) || !hp.smt.threadAllowed(cpu)) {
                        continue;
                    }
                    int ret = transitions.cpuUpLocked(cpu, hp.layout.online());
                    if (ret != 0) {
                        return ret;
                    }
                    onlined.accept(cpu);
                }
                return 0;
            } finally {
                hp.lock.mapsDone();
            }
        });
    }

    /** {@code cpu_smt_num_threads} set without a transition (a count equal to the current one). */
    public void smtSetNumThreads(int n) {
        hp.smt.numThreads = n;
    }

    /** {@code cpu_smt_disable(force)} at boot ({@code nosmt}): secondary threads stay down. */
    public void smtDisableAtBoot(boolean force) {
        if (hp.smt.control == SmtControl.ENABLED) {
            hp.smt.control = force ? SmtControl.FORCE_DISABLED : SmtControl.DISABLED;
            hp.smt.numThreads = 1;
        }
    }

    // ------------------------------------------------------------------ plumbing

    private boolean validTarget(int cpu, int target) {
        return cpu >= 0 && cpu < hp.masks.nrCpuIds() && target >= OFFLINE && target <= hp.layout.online() && !hp.layout.isTransient(target);
    }

    private int enter(IntSupplier body) {
        var task = hp.scheduler.current();
        String comm = task != null ? task.comm() : comm(Thread.currentThread().getName());
        int cpu = task != null ? task.cpu() : Math.max(0, Math.min(hp.masks.online().first(), hp.masks.nrCpuIds() - 1));
        try (var attached = hp.scheduler.attach(comm, cpu)) {
            return body.getAsInt();
        }
    }

    /** Runs an API call, refusing it from inside a hotplug callback (it would self-deadlock). */
    private int guarded(String api, IntSupplier body) {
        var inside = Walker.inCallback();
        if (inside.isPresent()) {
            var in = inside.get();
            hp.log.warn(api + "() called from hotplug callback " + in.symbol() + " (CPU " + in.cpu()
                    + ", state " + in.state() + " " + in.name() + "): refused, it would deadlock on cpu_hotplug_lock");
            return Errno.EDEADLK.ret();
        }
        return enter(body);
    }

    private void assertCpusHeld(String api) {
        if (!hp.lock.isHeld()) {
            hp.log.warn(api + "() without cpus_read_lock() held");
        }
    }

    /** A task name as {@code comm} holds it: at most 15 characters. */
    private static String comm(String name) {
        return name.length() > 15 ? name.substring(0, 15) : name;
    }

    private static Callback.Single single(String name, String direction, CpuCallback fn) {
        return Callback.single(symbol(name, direction), fn);
    }

    /** "perf/x86:online", "startup" -> "perf_x86_online_startup". */
    static String symbol(String name, String direction) {
        String base = name == null ? "anonymous" : name.replaceAll("[^A-Za-z0-9]+", "_");
        return base + "_" + direction;
    }
}
