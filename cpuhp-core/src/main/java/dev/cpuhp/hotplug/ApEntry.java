package dev.cpuhp.hotplug;

/**
 * The hotplug core's entry points that architecture code calls on the AP itself, in the order
 * an AP reaches them ({@code arch/x86/kernel/smpboot.c: start_secondary()} and the idle loop).
 */
public interface ApEntry {

    /**
     * {@code cpuhp_ap_sync_alive()}: reports ALIVE and spins until the control CPU releases the
     * AP (SHOULD_ONLINE).
     *
     * @return false if the CPU was kicked again meanwhile: the architecture restarts it
     */
    boolean apSyncAlive(int cpu);

    /** {@code notify_cpu_starting()}: runs the STARTING callbacks, interrupts off, no failure. */
    void notifyCpuStarting(int cpu);

    /** {@code cpuhp_online_idle()}: the idle task reached {@code CPUHP_AP_ONLINE_IDLE}. */
    void onlineIdle(int cpu);

    /** True if the idle loop of {@code cpu} must stop: the CPU is being taken down. */
    boolean cpuIsOffline(int cpu);

    /** {@code cpuhp_report_idle_dead()}: from the dying CPU's idle task, before play_dead. */
    void reportIdleDead(int cpu);

    /** {@code cpuhp_ap_report_dead()}: the last thing a dying CPU does. */
    void apReportDead(int cpu);
}
