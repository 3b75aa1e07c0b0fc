package dev.cpuhp.state;

import java.util.List;

/**
 * Where one kernel version's {@code enum cpuhp_state} puts the states the core refers to: the
 * section boundaries and the dynamic ranges. The enum has no {@code #ifdef}s, so these depend on
 * the kernel version alone (every architecture's and driver's states take a number); each
 * release adds or drops states, so the numbers move.
 *
 * @param kernel          the release, e.g. "6.18"
 * @param bpPrepareDyn    {@code CPUHP_BP_PREPARE_DYN}, first dynamic PREPARE slot
 * @param bpPrepareDynEnd {@code CPUHP_BP_PREPARE_DYN_END} (inclusive)
 * @param bpKickAp        {@code CPUHP_BP_KICK_AP}
 * @param bringupCpu      {@code CPUHP_BRINGUP_CPU}
 * @param apIdleDead      {@code CPUHP_AP_IDLE_DEAD}, first atomic state
 * @param apOffline       {@code CPUHP_AP_OFFLINE}
 * @param apSchedStarting {@code CPUHP_AP_SCHED_STARTING}
 * @param apOnline        {@code CPUHP_AP_ONLINE}, end of the atomic section (exclusive)
 * @param teardownCpu     {@code CPUHP_TEARDOWN_CPU}
 * @param apOnlineIdle    {@code CPUHP_AP_ONLINE_IDLE}, first ONLINE state
 * @param apOnlineDyn     {@code CPUHP_AP_ONLINE_DYN}, first dynamic ONLINE slot
 * @param apOnlineDynEnd  {@code CPUHP_AP_ONLINE_DYN_END} (inclusive)
 * @param apActive        {@code CPUHP_AP_ACTIVE}
 * @param online          {@code CPUHP_ONLINE}, the last state
 */
public record Layout(String kernel, int bpPrepareDyn, int bpPrepareDynEnd, int bpKickAp, int bringupCpu,
                     int apIdleDead, int apOffline, int apSchedStarting, int apOnline, int teardownCpu,
                     int apOnlineIdle, int apOnlineDyn, int apOnlineDynEnd, int apActive, int online) {

    /** Linux 6.18 (the live reference machine's {@code hotplug/states}); the default. */
    public static final Layout LINUX_6_18 = new Layout("6.18", CpuhpState.BP_PREPARE_DYN,
            CpuhpState.BP_PREPARE_DYN_END, CpuhpState.BP_KICK_AP, CpuhpState.BRINGUP_CPU,
            CpuhpState.AP_IDLE_DEAD, CpuhpState.AP_OFFLINE, CpuhpState.AP_SCHED_STARTING,
            CpuhpState.AP_ONLINE, CpuhpState.TEARDOWN_CPU, CpuhpState.AP_ONLINE_IDLE,
            CpuhpState.AP_ONLINE_DYN, CpuhpState.AP_ONLINE_DYN_END, CpuhpState.AP_ACTIVE, CpuhpState.ONLINE);

    /**
     * Linux 6.12 ({@code include/linux/cpuhotplug.h} of 6.12.117): three more PREPARE states
     * than 6.18 before the dynamic range (x86/mce:dead, debugobj, zswap among them), one more
     * state in the ONLINE section before the dynamic range, one fewer after it.
     */
    public static final Layout LINUX_6_12 = new Layout("6.12", 64, 84, 85, 86, 87, 88, 90, 144, 145, 146,
            192, 232, 235, 236);

    public static final List<Layout> KNOWN = List.of(LINUX_6_18, LINUX_6_12);

    public Layout {
        if (!(0 < bpPrepareDyn && bpPrepareDyn <= bpPrepareDynEnd && bpPrepareDynEnd < bpKickAp
                && bpKickAp + 1 == bringupCpu && bringupCpu + 1 == apIdleDead && apIdleDead + 1 == apOffline
                && apOffline < apSchedStarting && apSchedStarting < apOnline && apOnline + 1 == teardownCpu
                && teardownCpu + 1 == apOnlineIdle && apOnlineIdle < apOnlineDyn && apOnlineDyn <= apOnlineDynEnd
                && apOnlineDynEnd < apActive && apActive + 1 == online)) {
            throw new IllegalArgumentException("Linux " + kernel + ": the core's states are out of order");
        }
    }

    /** The layout of a release ("6.12", "6.18"). */
    public static Layout of(String kernel) {
        return KNOWN.stream().filter(l -> l.kernel.equals(kernel)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no state layout for Linux " + kernel + "; known: "
                        + String.join(", ", KNOWN.stream().map(Layout::kernel).toList())));
    }

    /** {@code cpuhp_is_atomic_state()}: STARTING/DYING, run with interrupts off, must not fail. */
    public boolean isAtomic(int state) {
        return apIdleDead <= state && state < apOnline;
    }

    /**
     * True for the states a CPU passes through but can never rest at: from the control CPU's
     * {@code cpu:bringup} up to and including {@code cpu:teardown}. Going up, {@code cpu:bringup}
     * does not return before the AP's idle task has carried it on to {@code AP_ONLINE_IDLE};
     * going down, the dying CPU runs its whole DYING range inside one stop-machine call.
     * {@code cpu:bringup} and {@code cpu:teardown} are {@code cant_stop} in Linux; Linux accepts
     * {@code ap:online} (not "atomic" by {@code cpuhp_is_atomic_state()}) as a target and then
     * reports the CPU idle-dead at the wrong state. cpuhp refuses every such target with EINVAL
     * (the torture run found that a CPU sent to {@code cpu:bringup} overshot, or stuck there).
     */
    public boolean isTransient(int state) {
        return bringupCpu <= state && state < apOnlineIdle;
    }

    /**
     * {@code cpuhp_is_ap_state()}: invoked on the target CPU (its hotplug thread) rather than
     * on the control CPU when a state is installed or removed at runtime.
     */
    public boolean isApState(int state) {
        return state > bringupCpu && state != teardownCpu;
    }

    /** True for the two dynamic-allocation requests. */
    public boolean isDynamicRequest(int state) {
        return state == bpPrepareDyn || state == apOnlineDyn;
    }

    /** The last slot of the dynamic range {@code request} starts. */
    public int dynamicEnd(int request) {
        if (request == apOnlineDyn) {
            return apOnlineDynEnd;
        } else if (request == bpPrepareDyn) {
            return bpPrepareDynEnd;
        }
        throw new IllegalArgumentException("not a dynamic range: " + request);
    }

    /** The section {@code state} belongs to. */
    public Section section(int state) {
        if (state <= CpuhpState.OFFLINE) {
            return Section.OFFLINE;
        } else if (state < bpKickAp) {
            return Section.PREPARE;
        } else if (state == bpKickAp) {
            return Section.KICK;
        } else if (state == bringupCpu) {
            return Section.BRINGUP;
        } else if (state <= apOnline) {
            return Section.STARTING;
        } else if (state == teardownCpu) {
            return Section.TEARDOWN;
        } else if (state < online) {
            return Section.ONLINE;
        }
        return Section.FINAL;
    }
}
