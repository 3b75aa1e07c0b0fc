package dev.cpuhp.state;

/**
 * {@code enum cpuhp_state} as Linux 6.18 (x86-64) numbers it. Only the states the core refers
 * to by name are here; the others are rows of {@link Linux618}. Numbers change between kernel
 * releases: the engine takes them from its table's {@link Layout}; these constants are the
 * default machine's (6.18), for tests and code that only runs on it.
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

    /** {@link Layout#isAtomic} of 6.18. */
    public static boolean isAtomic(int state) {
        return Layout.LINUX_6_18.isAtomic(state);
    }

    /** {@link Layout#isTransient} of 6.18. */
    public static boolean isTransient(int state) {
        return Layout.LINUX_6_18.isTransient(state);
    }
}
