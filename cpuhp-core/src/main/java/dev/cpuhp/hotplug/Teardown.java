package dev.cpuhp.hotplug;

/** How a kexec reboot takes the secondary CPUs down before jumping to the new kernel. */
public enum Teardown {
    /**
     * {@code smp_shutdown_nonboot_cpus()} (arm64, RISC-V): a full {@code cpu_down()} of each
     * AP in turn, every teardown callback, RCU grace period and stop-machine included.
     */
    SERIAL,
    /**
     * x86 {@code native_machine_shutdown()} / {@code stop_other_cpus()}: one IPI to every other
     * CPU, which runs {@code stop_this_cpu()} and halts; no hotplug state is walked.
     */
    IPI_STOP,
    /**
     * Beyond Linux: the control CPU takes the hotplug locks once and every AP runs its ONLINE
     * teardowns on its own hotplug thread at the same time, so their RCU grace periods overlap;
     * then the control CPU takes them down one by one (stop-machine, the CPU's death, the dead
     * callbacks), as {@code takedown_cpu()} needs the whole machine stopped for each CPU.
     *
     * <p>Assumes what Linux does not: that the ONLINE teardown callbacks of different CPUs may
     * run at the same time (Linux serialises them under {@code cpu_hotplug_lock}); and that a
     * grace period started for one CPU's {@code synchronize_rcu()} serves the others waiting at
     * the same time (true of RCU, but Linux never has two such waits in flight here).
     */
    PARALLEL;

    /** The name the command line uses. */
    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static Teardown fromCli(String name) {
        for (Teardown t : values()) {
            if (t.cliName().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown teardown \"" + name + "\"; known: serial, ipi-stop, parallel");
    }
}
