package dev.cpuhp.state;

/**
 * {@code enum cpuhp_state} as Linux 6.18 (x86-64) numbers it. Only the states the core refers
 * to by name are here; the others are rows of {@link Linux618}. Numbers change between kernel
 * releases: code and tests outside this class find states by name or by these constants,
 * never by literal numbers.
 *
 * <pre>
 *  up:   BP: OFFLINE .. BP_PREPARE_DYN.. .. BP_KICK_AP, BRINGUP_CPU
 *        AP (irqs off): AP_OFFLINE .. STARTING .. AP_ONLINE
 *        AP idle: AP_ONLINE_IDLE;  AP thread cpuhp/N: .. AP_ONLINE_DYN.. .. AP_ACTIVE;  ONLINE
 *  down: AP thread: ONLINE .. AP_ONLINE_IDLE;  BP: TEARDOWN_CPU -> stop_machine on the AP:
 *        DYING .. AP_OFFLINE;  AP idle: AP_IDLE_DEAD;  BP: BRINGUP_CPU, PREPARE ("dead") .. OFFLINE
 * </pre>
 */
public final class CpuhpState {
    private CpuhpState() {
    }

    public static final int INVALID = -1;
    public static final int OFFLINE = 0;
    public static final int CREATE_THREADS = 1;

    /** First of the dynamically allocated PREPARE slots; the range is inclusive of END. */
    public static final int BP_PREPARE_DYN = 61;
    public static final int BP_PREPARE_DYN_END = BP_PREPARE_DYN + 20;

    /** Split startup: the control CPU sends the wake-up and does not wait. */
    public static final int BP_KICK_AP = 82;
    /** Waits for the AP to be alive, releases it, waits for it to reach AP_ONLINE_IDLE. */
    public static final int BRINGUP_CPU = 83;

    /** First STARTING/DYING state; the atomic section runs on the AP with interrupts off. */
    public static final int AP_IDLE_DEAD = 84;
    public static final int AP_OFFLINE = 85;
    public static final int AP_SCHED_STARTING = 87;
    /** End of the atomic section (exclusive). */
    public static final int AP_ONLINE = 143;

    /** Teardown only, on the control CPU: stop the machine and let the CPU die. */
    public static final int TEARDOWN_CPU = 144;

    /** First state of the ONLINE section, reached by the AP's idle task. */
    public static final int AP_ONLINE_IDLE = 145;
    public static final int AP_SCHED_WAIT_EMPTY = 148;
    public static final int AP_SMPBOOT_THREADS = 149;

    /** First of the dynamically allocated ONLINE slots; the range is inclusive of END. */
    public static final int AP_ONLINE_DYN = 192;
    public static final int AP_ONLINE_DYN_END = AP_ONLINE_DYN + 40;

    public static final int AP_ACTIVE = 235;
    public static final int ONLINE = 236;

    /** {@code cpuhp_is_atomic_state()}: STARTING/DYING, run with interrupts off, must not fail. */
    public static boolean isAtomic(int state) {
        return AP_IDLE_DEAD <= state && state < AP_ONLINE;
    }

    /**
     * True for the states a CPU passes through but can never rest at: from the control CPU's
     * {@code cpu:bringup} up to and including {@code cpu:teardown}. Going up, {@code cpu:bringup}
     * does not return before the AP's idle task has carried it on to {@link #AP_ONLINE_IDLE};
     * going down, the dying CPU runs its whole DYING range inside one stop-machine call.
     * {@code cpu:bringup} and {@code cpu:teardown} are {@code cant_stop} in Linux; Linux accepts
     * {@code ap:online} (143, not "atomic" by {@code cpuhp_is_atomic_state()}) as a target and
     * then reports the CPU idle-dead at the wrong state. cpuhp refuses every such target with
     * EINVAL (the torture run found that a CPU sent to 83 overshot to 145, or stuck there).
     */
    public static boolean isTransient(int state) {
        return BRINGUP_CPU <= state && state < AP_ONLINE_IDLE;
    }

    /**
     * {@code cpuhp_is_ap_state()}: invoked on the target CPU (its hotplug thread) rather than
     * on the control CPU when a state is installed or removed at runtime.
     */
    public static boolean isApState(int state) {
        return state > BRINGUP_CPU && state != TEARDOWN_CPU;
    }

    /** True for the two dynamic-allocation requests. */
    public static boolean isDynamicRequest(int state) {
        return state == BP_PREPARE_DYN || state == AP_ONLINE_DYN;
    }
}
