package dev.cpuhp.torture;

import java.util.SplittableRandom;

/**
 * What a torture driver can do, with how often it does it. The weights favour CPU transitions
 * (where the state machine lives) and keep every other kind frequent enough to interleave.
 */
enum Op {
    /** {@code cpu_up()} of a random CPU, online or not. */
    UP(14),
    /** {@code cpu_down()} of a random CPU, offline or not. */
    DOWN(14),
    /** A {@code hotplug/target} write: any number from -2 to 238, valid or not. */
    TARGET(12),
    /** Arm {@code hotplug/fail} at a random state, then the operation it should break. */
    FAIL(10),
    /** {@code smt/control} off or on. */
    SMT(3),
    /** {@code cpuhp_setup_state()}: fixed, dynamic or multi-instance. */
    SETUP(5),
    /** {@code cpuhp_remove_state()} (instances first, for a multi-instance state). */
    REMOVE(4),
    /** {@code cpuhp_state_add_instance()}. */
    ADD_INSTANCE(6),
    /** {@code cpuhp_state_remove_instance()}. */
    REMOVE_INSTANCE(5),
    /** {@code smp_call_function_single()} to a random CPU, waiting. */
    CROSS_CALL(9),
    /** {@code cpus_read_lock()}, a sleep, and a look at the online mask on each side. */
    READ_LOCKED(8);

    private static final Op[] ALL = values();
    private static final int TOTAL;

    static {
        int t = 0;
        for (Op op : ALL) {
            t += op.weight;
        }
        TOTAL = t;
    }

    private final int weight;

    Op(int weight) {
        this.weight = weight;
    }

    static Op draw(SplittableRandom rng) {
        int x = rng.nextInt(TOTAL);
        for (Op op : ALL) {
            x -= op.weight;
            if (x < 0) {
                return op;
            }
        }
        throw new AssertionError();
    }
}
