package dev.cpuhp.hotplug;

/** How {@code bringup_nonboot_cpus()} brings the secondary CPUs up at boot. */
public enum Strategy {
    /** Each CPU to ONLINE in turn: Linux before 6.5, and {@code cpuhp.parallel=0}. */
    SERIAL,
    /**
     * Linux 6.5+: all CPUs to {@code cpu:kick_ap} first (every AP starts and loads microcode in
     * parallel), then each to ONLINE in turn; primary threads before their siblings.
     */
    PARALLEL,
    /**
     * Beyond Linux: the second stage in parallel too. The control CPU only prepares and kicks
     * (primaries first, each sibling once its primary has loaded microcode); right after each
     * kick a finisher takes that AP the rest of the way, releasing it as soon as it is alive,
     * while the control CPU goes on kicking and other APs run their STARTING and ONLINE
     * sections at the same time. The control CPU holds the hotplug lock for all of them.
     *
     * <p>Assumes what Linux does not: that the STARTING and ONLINE callbacks of different CPUs
     * may run at the same time (Linux serialises every CPU's bringup under
     * {@code cpu_hotplug_lock}, and many callbacks rely on it); that a sibling may start once
     * its primary's microcode update is done (Linux waits until the primary is online); and
     * that the TSC sync test's source half may run on an online CPU other than the control CPU
     * (Linux uses the first online CPU).
     */
    PIPELINED;

    /** The name the command line uses. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Strategy fromCli(String name) {
        for (Strategy s : values()) {
            if (s.cliName().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown strategy \"" + name + "\"; known: serial, parallel, pipelined");
    }
}
