package dev.cpuhp.hotplug;

/**
 * What the hotplug core needs from the architecture and the hardware: the {@code arch_*} and
 * {@code __cpu_*} hooks of {@code include/linux/cpu.h}, plus the modelled cost of the callbacks
 * the simulated subsystems run.
 */
public interface Platform {

    /**
     * {@code arch_cpuhp_kick_ap_alive()}: sends the wake-up (INIT/SIPI) to {@code cpu} and
     * returns without waiting; the CPU then starts on its own thread and calls back through
     * {@link ApEntry}.
     *
     * @return 0 or a negative errno
     */
    int kickApAlive(int cpu);

    /**
     * {@code __cpu_disable()}: runs on the dying CPU inside stop-machine; on success the CPU
     * is no longer in the online mask. A non-zero return refuses the teardown, which the core
     * rolls back.
     */
    int cpuDisable(int cpu);

    /**
     * {@code __cpu_die()}: on the control CPU, after the CPU reported idle-dead; waits for the
     * firmware to report the CPU off (arm64: PSCI {@code AFFINITY_INFO}).
     */
    void cpuDie(int cpu);

    /**
     * Keeps the TSC sync test's source half off {@code cpu} (-1: no preference). Linux runs it
     * on the first online CPU, the control CPU at boot; pipelined bringup keeps the control
     * CPU free for kicking.
     */
    void keepTscSyncOff(int cpu);

    /** {@code arch_cpuhp_init_parallel_bringup()}: false vetoes parallel bringup. */
    boolean initParallelBringup();

    /**
     * Charges the modelled cost of the built-in callback of {@code state} in this direction to
     * the calling task (the CPU that runs the callback).
     *
     * @param instance which instance of a multi-instance state, in the order they are called;
     *                 -1 for a single callback
     */
    void spend(int cpu, int state, String name, int instance, boolean bringup);

    /**
     * Charges a named modelled cost that is not a step's, e.g. {@code "static_key_patch"}.
     */
    void spend(int cpu, String what);

    /** {@link #spend(int, String)} {@code times} over, as one stretch (per-CPU work in a loop). */
    void spend(int cpu, String what, int times);

    /**
     * {@code synchronize_rcu()}: the calling task sleeps until a grace period has passed, which
     * needs a quiescent state from every online CPU.
     */
    void synchronizeRcu(int cpu);
}
