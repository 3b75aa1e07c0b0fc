package dev.cpuhp.hotplug;

/** How {@code bringup_nonboot_cpus()} brings the secondary CPUs up at boot. */
public enum Strategy {
    /** Each CPU to ONLINE in turn: Linux before 6.5, and {@code cpuhp.parallel=0}. */
    SERIAL,
    /**
     * Linux 6.5+: all CPUs to {@code cpu:kick_ap} first (every AP starts and loads microcode in
     * parallel), then each to ONLINE in turn; primary threads before their siblings.
     */
    PARALLEL
}
