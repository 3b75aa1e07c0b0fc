package dev.cpuhp.smp;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sched.WaitQueue;
import dev.cpuhp.sync.Completion;
import java.util.function.Consumer;

/**
 * A per-CPU kernel thread with the kthread park protocol: {@code kthread_park()} asks the
 * thread to park and waits until it has; {@code kthread_unpark()} lets it run again. The body
 * cooperates through {@link #shouldPark()}, {@link #parkme()} and {@link #sleepUntilWoken()}.
 *
 * <p>All flags are guarded by the scheduler lock; the body reads them through methods that
 * take it, so a flag set before a wake-up is always seen after it.
 *
 * <p>Park protocol, as {@code kernel/kthread.c} since 2019 ("kthread, sched/core: Fix
 * kthread_parkme() (again...)"): every {@link #park()} from another task waits for exactly one
 * {@code complete(&parked)}, and {@link #parkme()} completes once per pass of its loop, that is
 * once per time it goes to sleep parked. The two balance because a parked thread sleeps on a
 * queue of its own ({@code TASK_PARKED}) that only {@link #unpark()} and {@link #stop()} wake:
 * {@link #wakeUp()} and {@link #park()}'s own wake-up never end a parked sleep, so no pass
 * happens without a park to consume its completion. An unpark followed by a park before the
 * thread has run makes one more pass, which completes for that second park.
 */
public final class KThread {
    /** Who last unparked a thread: the 2017 fix moved this from the AP's idle task to the control CPU. */
    public record Unparker(String comm, int pid, int cpu, boolean atomic) {
    }

    private final Scheduler scheduler;
    private final String name;
    private final int cpu;
    /** Where the body sleeps for work ({@code schedule()} in TASK_INTERRUPTIBLE). */
    private final WaitQueue wq;
    /** Where the body sleeps parked ({@code TASK_PARKED}): woken only by unpark and stop. */
    private final WaitQueue parkedWq;
    private final Completion parked;
    private Task task;

    // guarded by the scheduler lock
    private boolean shouldPark;
    private boolean shouldStop;
    private boolean isParked;
    private boolean wakePending;
    private volatile Unparker lastUnparker;

    KThread(Scheduler scheduler, String name, int cpu) {
        this.scheduler = scheduler;
        this.name = name;
        this.cpu = cpu;
        this.wq = new WaitQueue(scheduler, name);
        this.parkedWq = new WaitQueue(scheduler, name + " (TASK_PARKED)");
        this.parked = new Completion(scheduler, name + " parked");
    }

    /**
     * {@code kthread_create_on_cpu()} + {@code kthread_park()}: creates the thread bound to
     * {@code cpu} and waits until it has parked, before its body does anything. The first
     * {@link #unpark()} lets the body run.
     */
    static KThread createParked(Scheduler scheduler, String name, int cpu, Consumer<KThread> body) {
        KThread k = new KThread(scheduler, name, cpu);
        k.shouldPark = true;
        k.task = scheduler.spawn(name, scheduler.allocatePid(), cpu, () -> {
            k.parkme();
            body.accept(k);
        });
        k.parked.waitForCompletion();
        return k;
    }

    public String name() {
        return name;
    }

    public int cpu() {
        return cpu;
    }

    public Task task() {
        return task;
    }

    /** {@code kthread_park()}: from another task, waits until the thread has parked. */
    public void park() {
        scheduler.lock();
        try {
            if (shouldPark) {
                return; // already parking: kthread_park() WARNs and returns -EBUSY
            }
            shouldPark = true;
            if (isSelf()) {
                return;
            }
            wakeProcess();
        } finally {
            scheduler.unlock();
        }
        parked.waitForCompletion();
    }

    /**
     * {@code kthread_unpark()}: rebinding a per-CPU thread to its CPU may wait for it to leave
     * the runqueue ({@code wait_task_inactive}), so this may sleep and must not be called from
     * atomic context — the bug the 2017 seed fixed by moving the call to the control CPU.
     */
    public void unpark() {
        scheduler.mightSleep("kthread_unpark(" + name + ")");
        Task me = scheduler.current();
        scheduler.lock();
        try {
            if (!shouldPark) {
                return;
            }
            lastUnparker = me == null ? null : new Unparker(me.comm(), me.pid(), me.cpu(), me.inAtomic());
            shouldPark = false;
            parkedWq.wakeAll(); // wake_up_state(k, TASK_PARKED)
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code kthread_stop()}-lite: asks the thread to exit and wakes it. */
    public void stop() {
        scheduler.lock();
        try {
            shouldStop = true;
            shouldPark = false;
            wakePending = true;
            parkedWq.wakeAll();
            wq.wakeAll();
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code wake_up_process()}: the thread re-evaluates its work. */
    public void wakeUp() {
        scheduler.lock();
        try {
            wakeProcess();
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * {@code wake_up_process()} under the scheduler lock: ends a sleep for work, or makes the
     * next one return at once. It does not wake {@code TASK_PARKED} and leaves no trace there.
     */
    private void wakeProcess() {
        if (isParked) {
            return;
        }
        wakePending = true;
        wq.wakeAll();
    }

    // ---- called by the thread's own body ----

    public boolean shouldPark() {
        scheduler.lock();
        try {
            return shouldPark;
        } finally {
            scheduler.unlock();
        }
    }

    public boolean shouldStop() {
        scheduler.lock();
        try {
            return shouldStop;
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * {@code kthread_parkme()}: sleeps parked until unparked (or stopped), completing
     * {@code parked} before every sleep. A park that follows an unpark before this thread ran
     * finds it still in the loop: the next pass completes for that park. Completing once on
     * entry only (as this did) left that second park waiting forever.
     *
     * <p>{@code complete()} and the sleep happen under the scheduler lock, which the parker
     * needs to return from its wait: when {@link #park()} returns the thread is asleep, what
     * the kernel's {@code wait_task_inactive()} makes sure of.
     */
    public void parkme() {
        scheduler.lock();
        try {
            isParked = true;
            while (shouldPark && !shouldStop) {
                parked.complete();
                parkedWq.await(Scheduler.NO_DEADLINE, true);
            }
            isParked = false;
        } finally {
            scheduler.unlock();
        }
    }

    /** {@code schedule()} with nothing to do: sleeps until woken, parked or stopped. */
    public void sleepUntilWoken() {
        scheduler.lock();
        try {
            while (!wakePending && !shouldPark && !shouldStop) {
                wq.await(Scheduler.NO_DEADLINE, true);
            }
            wakePending = false;
        } finally {
            scheduler.unlock();
        }
    }

    public boolean isParked() {
        scheduler.lock();
        try {
            return isParked;
        } finally {
            scheduler.unlock();
        }
    }

    /** The task that last called {@link #unpark()} and where it ran, or null. */
    public Unparker lastUnparker() {
        return lastUnparker;
    }

    private boolean isSelf() {
        return task != null && scheduler.current() == task;
    }

    @Override
    public String toString() {
        return name;
    }
}
