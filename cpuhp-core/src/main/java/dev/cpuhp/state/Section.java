package dev.cpuhp.state;

/** Where a state's callbacks run, and whether they may fail. */
public enum Section {
    /** {@code CPUHP_OFFLINE}: the bottom of the table, no callbacks. */
    OFFLINE("offline", "-"),
    /** Control CPU, before the AP runs (startup) or after it is dead (teardown, "dead"). */
    PREPARE("prepare", "control CPU"),
    /** Control CPU sends the wake-up (INIT/SIPI) and returns without waiting. */
    KICK("kick", "control CPU"),
    /** Control CPU syncs with the AP and hands over to its hotplug thread. */
    BRINGUP("bringup", "control CPU"),
    /** On the AP itself, interrupts off; never fails (startup "starting", teardown "dying"). */
    STARTING("starting/dying", "the CPU itself, atomic"),
    /** Teardown only, control CPU: stop-machine and the CPU's death. */
    TEARDOWN("teardown", "control CPU"),
    /** On the AP's hotplug thread cpuhp/N, may sleep, may fail both ways. */
    ONLINE("online", "hotplug thread cpuhp/N"),
    /** {@code CPUHP_ONLINE}: fully up, no callbacks. */
    FINAL("online", "-");

    private final String label;
    private final String runsOn;

    Section(String label, String runsOn) {
        this.label = label;
        this.runsOn = runsOn;
    }

    public String label() {
        return label;
    }

    public String runsOn() {
        return runsOn;
    }
}
