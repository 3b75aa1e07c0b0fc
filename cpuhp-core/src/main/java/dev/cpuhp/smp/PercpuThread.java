package dev.cpuhp.smp;

/**
 * {@code struct smp_hotplug_thread}: a per-CPU thread managed by smpboot. One thread per CPU
 * is created (parked) at {@code threads:prepare}, unparked at {@code smpboot/threads:online}
 * and parked again on the way down, unless it is self-parking (the hotplug core parks and
 * unparks {@code cpuhp/N} itself).
 */
public interface PercpuThread {

    /** The thread name for {@code cpu}, e.g. "ksoftirqd/3". */
    String name(int cpu);

    /** {@code thread_should_run}: is there work for the thread on {@code cpu}? */
    boolean shouldRun(int cpu);

    /** {@code thread_fn}: do one piece of the work; called again while {@link #shouldRun}. */
    void run(int cpu);

    /** {@code setup}: first time the thread runs. */
    default void setup(int cpu) {
    }

    /** {@code park}: the thread is about to park (its CPU goes down). */
    default void park(int cpu) {
    }

    /** {@code unpark}: the thread resumes after a park. */
    default void unpark(int cpu) {
    }

    /** {@code store}: told where the thread of {@code cpu} is, once it exists. */
    default void store(int cpu, KThread thread) {
    }

    /** {@code selfparking}: smpboot does not park/unpark it at {@code smpboot/threads:online}. */
    default boolean selfParking() {
        return false;
    }
}
