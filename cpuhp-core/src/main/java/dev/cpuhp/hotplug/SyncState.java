package dev.cpuhp.hotplug;

/**
 * {@code enum cpuhp_sync_state} (6.5+, {@code HOTPLUG_CORE_SYNC_FULL}): the low-level handshake
 * between the control CPU and an AP, used where the AP cannot use a completion yet (too early
 * in bringup) or any more (after it stopped watching RCU). Ordinals are the kernel's values.
 */
public enum SyncState {
    /** The CPU is properly dead (or was never started). */
    DEAD,
    /** The control CPU sent the wake-up; the AP has not reported yet. */
    KICKED,
    /** The control CPU asked the AP to die. */
    SHOULD_DIE,
    /** The AP runs and waits in {@code cpuhp_ap_sync_alive()} to be released. */
    ALIVE,
    /** The control CPU released the AP into the rest of its bringup. */
    SHOULD_ONLINE,
    /** The AP reached its idle loop. */
    ONLINE;

    /** {@code cpuhp_wait_for_sync_state()} gives up after 10 s. */
    public static final long TIMEOUT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    public static SyncState of(int ordinal) {
        return values()[ordinal];
    }
}
