package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.INVALID;

/**
 * Bugs that can be switched on in a machine's core on purpose, so that a test can show the
 * torture checker catches each class of mistake it claims to catch (a checker that has never
 * failed proves nothing). Off unless a test turns one on; every hook costs one volatile read.
 */
public final class PlantedBugs {
    private volatile int skipTeardownAt = INVALID;
    private volatile boolean readLockExcludesNothing;

    PlantedBugs() {
    }

    /** The walker "forgets" the teardown of {@code state} on every CPU (returns 0 without calling it). */
    public void skipTeardownAt(int state) {
        skipTeardownAt = state;
    }

    /** {@code cpus_read_lock()} stops holding writers off: the online mask may change under a reader. */
    public void readLockExcludesNothing() {
        readLockExcludesNothing = true;
    }

    boolean skipsTeardown(int state, boolean bringup) {
        return !bringup && state == skipTeardownAt;
    }

    boolean readLockIsNoop() {
        return readLockExcludesNothing;
    }
}
