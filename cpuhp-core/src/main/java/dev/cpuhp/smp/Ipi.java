package dev.cpuhp.smp;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.WaitQueue;
import java.util.ArrayDeque;

/**
 * One CPU's interrupt line: its queue of cross-CPU calls ({@code call_single_queue}), its
 * stopper work, and {@code need_resched}. The CPU's own thread halts on it in the idle loop
 * and drains it when woken. Everything is guarded by the scheduler lock.
 */
final class Ipi {
    private final Scheduler scheduler;
    private final WaitQueue halted;
    final ArrayDeque<Csd> calls = new ArrayDeque<>();
    final ArrayDeque<Runnable> stopWork = new ArrayDeque<>();
    boolean resched;
    boolean stopperEnabled;

    Ipi(Scheduler scheduler, int cpu) {
        this.scheduler = scheduler;
        this.halted = new WaitQueue(scheduler, "idle/" + cpu);
    }

    /** Raises the interrupt: wakes the CPU if it is halted. Lock held. */
    void raise() {
        halted.wakeAll();
    }

    boolean pending() {
        return !calls.isEmpty() || !stopWork.isEmpty() || resched;
    }

    /** {@code hlt}: waits for an interrupt. An idle wait, never a deadlock. Lock held. */
    void halt() {
        while (!pending()) {
            halted.await(Scheduler.NO_DEADLINE, true);
        }
    }
}
