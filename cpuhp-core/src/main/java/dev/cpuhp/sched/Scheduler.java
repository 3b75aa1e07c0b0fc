package dev.cpuhp.sched;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The simulated machine's scheduler: it knows every participant, which of them can run, and
 * what the blocked ones wait for. Every engine primitive that can block (completions, mutexes,
 * the hotplug lock, parking, sync-state waits, modelled delays) goes through {@link #block}.
 *
 * <h2>Implementation notes</h2>
 * One lock guards all blocking state of all primitives of one machine, like a runqueue lock:
 * <ul>
 *   <li>{@code runnable} counts live participants that are not blocked. A task decrements it,
 *       under the lock, just before it blocks; a waker increments it, under the lock,
 *       <em>before</em> it signals. The count therefore never reads zero while a wake-up is in
 *       flight, and a zero read is a fact: nothing is running.</li>
 *   <li>When {@code runnable} reaches zero the virtual clock jumps to the earliest deadline in
 *       {@code timed} and wakes every task due at that instant, in (deadline, seq) order. If
 *       the task that just blocked is itself the earliest, it is woken before it ever parks:
 *       a serial run costs no context switch per modelled delay.</li>
 *   <li>Zero runnable, no deadline pending and a task blocked on something other than
 *       "waiting for work" (idle loop, parked kthread) is a deadlock in either clock mode:
 *       the stuck tasks are woken with {@link SimulationDeadlockError} and a report.</li>
 *   <li>Everything a primitive publishes before it wakes a task is visible to that task once
 *       it returns from {@code block}, because both sides hold this lock. Engine state handed
 *       from one simulated CPU to another relies on exactly that happens-before edge.</li>
 * </ul>
 * With the real clock, modelled delays ({@link #busy}) do not touch the lock: the task stays
 * runnable and waits out real time; only timed waits on primitives are deadline-tracked.
 *
 * <p>By default participants run truly concurrently. In deterministic mode ({@link
 * #deterministic}) a runnable task additionally waits for its turn ({@link SeededTurns}): one
 * runs at a time, in a seeded order, and {@code runnable} keeps counting every task that is not
 * blocked, running or waiting for its turn, so the clock's rule is the same in both modes.
 */
public final class Scheduler {
    /** Deadline value meaning "wait until woken". */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** (deadline, seq); written out: the composed comparingLong lambdas were 3 % of a boot's profile. */
    private static final Comparator<Task> BY_DEADLINE = (a, b) -> a.deadline != b.deadline
            ? Long.compare(a.deadline, b.deadline) : Long.compare(a.seq, b.seq);

    private final ReentrantLock lock = new ReentrantLock();
    /** Deterministic mode: signalled when nothing is runnable or timed (see {@link #attach}). */
    private final java.util.concurrent.locks.Condition atRest = lock.newCondition();
    private final Clock clock;
    private final Consumer<String> log;
    private final ThreadLocal<Task> current = new ThreadLocal<>();
    private final AtomicInteger nextPid = new AtomicInteger(2);
    /** Per CPU: simulated time interrupt handlers have taken from it so far. */
    private final java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.AtomicLong> stolen =
            new java.util.concurrent.ConcurrentHashMap<>();

    // ---- guarded by lock ----
    private final Set<Task> live = new LinkedHashSet<>();
    /** Blocked tasks whose condition is tested again before the machine counts as quiescent. */
    private final List<Task> rechecking = new ArrayList<>();
    private final TreeSet<Task> timed = new TreeSet<>(BY_DEADLINE);
    private int runnable;
    private long seq;
    private boolean shutdown;
    private long progress;
    /** Non-null in deterministic mode: who may run next. Set before the first participant. */
    private SeededTurns turns;

    /**
     * @param clock the time source; a {@link VirtualClock} is advanced by this scheduler
     * @param log   where BUG and deadlock reports go (the machine's kernel log)
     */
    public Scheduler(Clock clock, Consumer<String> log) {
        this.clock = clock;
        this.log = log;
    }

    public Clock clock() {
        return clock;
    }

    /** Simulated nanoseconds. */
    public long now() {
        return clock.nanoTime();
    }

    /**
     * The calling task's simulated now: its own timeline when known (see {@link #busy}), else
     * the clock. Equal to {@link #now()} with the virtual clock.
     */
    public long taskNow() {
        Task t = current();
        return t != null && t.timeline != Long.MIN_VALUE ? t.timeline : now();
    }

    public boolean isVirtual() {
        return clock instanceof VirtualClock;
    }

    /**
     * Switches to deterministic mode: from now on one participant runs at a time, the next
     * drawn from {@code seed}. Only before the first participant, and only with the virtual
     * clock (real time is the one input a seed cannot fix).
     */
    public void deterministic(long seed) {
        lock.lock();
        try {
            if (!isVirtual() || !live.isEmpty()) {
                throw new IllegalStateException("deterministic mode needs the virtual clock and no participant yet");
            }
            turns = new SeededTurns(seed);
        } finally {
            lock.unlock();
        }
    }

    /** True in deterministic mode. */
    public boolean isDeterministic() {
        lock.lock();
        try {
            return turns != null;
        } finally {
            lock.unlock();
        }
    }

    /** Turns handed from one task to another so far (deterministic mode), else 0. */
    public long dispatches() {
        lock.lock();
        try {
            return turns == null ? 0 : turns.dispatches();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ participants

    /** The calling thread's task, or null if it is not inside the engine. */
    public Task current() {
        Task t = current.get();
        return t != null && t.attached ? t : null;
    }

    /** The calling thread's task; fails if the caller is not a participant. */
    public Task self() {
        Task t = current();
        if (t == null) {
            throw new IllegalStateException("thread " + Thread.currentThread().getName()
                    + " is not a participant of the simulated machine; enter it through the machine's API");
        }
        return t;
    }

    /** Allocates a pid for a task that is about to be spawned. */
    public int allocatePid() {
        return nextPid.getAndIncrement();
    }

    /**
     * Starts a new participant on a virtual thread. It counts as runnable from this call on,
     * so a spawning participant never leaves a gap in which the clock could move.
     *
     * @param body runs as the task; a {@link SimulationShutdown} ends it quietly
     */
    public Task spawn(String comm, int pid, int cpu, Runnable body) {
        // The task must exist before its thread starts; the thread reads it from the holder.
        Task[] holder = new Task[1];
        Thread t = Thread.ofVirtual().name(comm).unstarted(() -> run(holder[0], body));
        lock.lock();
        try {
            if (shutdown) {
                throw new SimulationShutdown();
            }
            if (current() == null) {
                awaitRest(); // a spawn from outside the machine is host timing too
            }
            Task task = new Task(comm, pid, cpu, t, false, lock.newCondition());
            task.attached = true;
            Task parent = current.get();
            task.timeline = parent != null && parent.timeline != Long.MIN_VALUE ? parent.timeline : Long.MIN_VALUE;
            holder[0] = task;
            live.add(task);
            runnable++;
            if (turns != null) {
                turns.enqueue(task);
                turns.dispatch();
            }
        } finally {
            lock.unlock();
        }
        t.start();
        return holder[0];
    }

    private void run(Task task, Runnable body) {
        current.set(task);
        try {
            lock.lock();
            try {
                awaitTurn(task);
            } finally {
                lock.unlock();
            }
            body.run();
        } catch (SimulationShutdown ignored) {
            // the machine is being closed
        } catch (Throwable e) {
            // The task is gone either way; what its death breaks (a waiter that now waits
            // forever) is reported as a deadlock to whoever waits. Rethrowing would only make
            // the JDK print a stack trace on standard error, past every surface's own reporting.
            log.accept("BUG: task " + task + " died: " + e);
        } finally {
            lock.lock();
            try {
                task.alive = false;
                task.attached = false;
                live.remove(task);
                runnable--;
                progress++;
                giveUpTurn(task);
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Makes the calling thread a participant until the returned handle is closed. Nested
     * calls (an engine API called from inside the engine) return a handle that does nothing.
     *
     * @param comm the name traces show for this caller
     * @param cpu  the CPU the caller runs on
     */
    public Attachment attach(String comm, int cpu) {
        return attach(comm, -1, cpu);
    }

    /** {@link #attach(String, int)} with a chosen pid ({@code -1}: allocate one). */
    public Attachment attach(String comm, int pid, int cpu) {
        Task existing = current.get();
        if (existing != null && existing.attached) {
            return Attachment.NESTED;
        }
        lock.lock();
        try {
            if (shutdown) {
                throw new SimulationShutdown();
            }
            Task task = existing;
            if (task == null || !task.alive || !task.comm.equals(comm)) {
                task = new Task(comm, pid >= 0 ? pid : nextPid.getAndIncrement(), cpu, Thread.currentThread(), true,
                        lock.newCondition());
                current.set(task);
            }
            awaitRest();
            task.setCpu(cpu);
            task.attached = true;
            live.add(task);
            runnable++;
            if (turns != null) {
                turns.enqueue(task);
                turns.dispatch();
                awaitTurn(task);
            }
            Task attachedTask = task;
            return () -> detach(attachedTask);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Only the owner detaches, once: the hotplug lock's read side trusts that a thread the
     * scheduler does not count as runnable is parked in it (see {@code PercpuRwSemaphore}), so a
     * second close or a close from another thread must not change the count.
     */
    private void detach(Task task) {
        if (task.thread != Thread.currentThread()) {
            throw new IllegalStateException("attachment of " + task + " closed by " + Thread.currentThread().getName());
        }
        lock.lock();
        try {
            if (!task.attached) {
                return;
            }
            task.attached = false;
            live.remove(task);
            runnable--;
            progress++;
            giveUpTurn(task);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code t} stops running (it blocked, left or died): with nothing runnable the clock moves;
     * in deterministic mode the turn goes to the next task drawn. Lock held.
     */
    private void giveUpTurn(Task t) {
        if (turns != null) {
            turns.release(t);
        }
        if (runnable == 0) {
            quiescent();
        }
        if (turns != null) {
            turns.dispatch();
            if (runnable == 0) {
                atRest.signalAll();
            }
        }
    }

    /**
     * Deterministic mode: a foreign thread's arrival is host timing. Joining only once the
     * simulation has come to rest by itself makes the instant it joins a function of the run.
     * Lock held.
     */
    private void awaitRest() {
        while (turns != null && runnable > 0 && !shutdown) {
            atRest.awaitUninterruptibly();
        }
    }

    /** Deterministic mode: waits until {@code t} holds the turn (or the machine shuts down). Lock held. */
    private void awaitTurn(Task t) {
        if (turns == null) {
            return;
        }
        while (!t.turn && !shutdown) {
            t.wakeup.awaitUninterruptibly();
        }
        if (shutdown) {
            throw new SimulationShutdown();
        }
    }

    /** Runs {@code action} as a participant named {@code comm} on {@code cpu}. */
    public <T> T call(String comm, int cpu, Supplier<T> action) {
        try (Attachment ignored = attach(comm, cpu)) {
            return action.get();
        }
    }

    /** Handle of {@link #attach}; closing it leaves the engine. */
    @FunctionalInterface
    public interface Attachment extends AutoCloseable {
        Attachment NESTED = () -> { };

        @Override
        void close();
    }

    // ------------------------------------------------------------------ atomic context

    /**
     * Marks the calling task as running with interrupts/preemption off until the returned
     * section is closed. {@code what} names the context for "scheduling while atomic" reports.
     */
    public AtomicSection atomic(String what) {
        Task t = self();
        String previous = t.enterAtomic(what);
        return () -> t.exitAtomic(previous);
    }

    /**
     * Marks the calling task as running an interrupt handler (interrupts off) until closed:
     * busy time spent inside is taken from whatever task-context work its CPU is doing.
     */
    public AtomicSection interrupt(String what) {
        Task t = self();
        String previous = t.enterAtomic(what);
        t.enterIrq();
        return () -> {
            t.exitIrq();
            t.exitAtomic(previous);
        };
    }

    /** An atomic section; closing it restores the enclosing one. */
    @FunctionalInterface
    public interface AtomicSection extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * The kernel's {@code might_sleep()}: called by every primitive that may block. In atomic
     * context it prints the kernel's BUG report and throws instead of blocking.
     *
     * @param primitive what was about to block, e.g. "Completion.waitForCompletion"
     */
    public void mightSleep(String primitive) {
        Task t = current();
        if (t == null || !t.inAtomic()) {
            return;
        }
        String report = String.format("BUG: scheduling while atomic: %s/%d/0x%08x%n"
                        + "  %s called in atomic context: %s",
                t.comm(), t.pid(), t.atomicDepth() + 1, primitive, t.atomicWhat());
        log.accept(report);
        throw new SchedulingWhileAtomicError(primitive + " in atomic context: " + t.atomicWhat());
    }

    // ------------------------------------------------------------------ time

    /**
     * The current task spends {@code nanos} of simulated CPU time: a modelled cost. Allowed in
     * atomic context (it is busy time, not sleep).
     *
     * <p>The delay ends at the task's own timeline plus {@code nanos}, not at now plus
     * {@code nanos}: with the real clock, what the engine itself spends between two modelled
     * costs (creating a thread, a hand-off, tracing) is absorbed by the next cost, as it is part
     * of the step being modelled; it shows only when it exceeds that cost. Once a delay is over
     * the timeline is the real instant it ended, so overhead beyond one cost is not banked as
     * lag that later delays would be shortened by: a strictly sequential chain of delays never
     * takes less real time than their sum. With the virtual clock the timeline always equals
     * {@code now()}.
     *
     * <p>A CPU does one thing at a time: busy time of an interrupt handler on a CPU is taken
     * from the task-context work in progress there, which then finishes that much later (a
     * TSC-sync IPI on the control CPU delays the control task's own steps).
     */
    public void busy(long nanos) {
        if (nanos <= 0) {
            return;
        }
        Task t = current();
        if (t == null) {
            waitUntil(now() + nanos);
            return;
        }
        java.util.concurrent.atomic.AtomicLong steal =
                stolen.computeIfAbsent(t.cpu(), c -> new java.util.concurrent.atomic.AtomicLong());
        long start = t.timeline != Long.MIN_VALUE ? t.timeline : now();
        if (t.inIrq()) {
            steal.addAndGet(nanos);
            t.timeline = start + nanos;
            waitUntil(t.timeline);
            t.timeline = Math.max(t.timeline, now());
            return;
        }
        long stolenAtStart = steal.get();
        long deadline = start + nanos;
        long charged = 0;
        while (true) {
            t.timeline = deadline;
            waitUntil(deadline);
            long extra = steal.get() - stolenAtStart;
            if (extra <= charged) {
                // A delay that ended late (the engine's overhead exceeded the cost, or the host
                // descheduled us) leaves the timeline at the real end: lag is never carried
                // forward as credit that a later delay could be shortened by.
                t.timeline = Math.max(deadline, now());
                return;
            }
            deadline += extra - charged;
            charged = extra;
        }
    }

    private void waitUntil(long deadline) {
        if (clock instanceof RealClock real) {
            real.sleepUntil(deadline);
        } else {
            blockUntil(deadline, "busy");
        }
    }

    /** Blocks the current task until the simulated instant {@code deadline}. */
    private void blockUntil(long deadline, String on) {
        lock.lock();
        try {
            while (now() < deadline) {
                block(on, deadline, false);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@code msleep()}: the current task sleeps for {@code nanos}. Unlike {@link #busy} this
     * may sleep, so it is a bug in atomic context.
     */
    public void sleep(long nanos) {
        mightSleep("msleep");
        blockUntil(now() + Math.max(0, nanos), "msleep");
    }

    /**
     * Returns once every other participant is blocked (or gone): with the virtual clock, a
     * one-nanosecond delay ends only when nothing else can run. Tests use it to reach a known
     * point (another task is now waiting on a lock) without sleeping on the wall clock.
     *
     * @throws IllegalStateException with the real clock, where no such point can be known
     */
    public void settle() {
        if (!isVirtual()) {
            throw new IllegalStateException("settle() needs the virtual clock");
        }
        busy(1);
    }

    /** What {@code t} is blocked on, or null if it is runnable. */
    public Object waitingOn(Task t) {
        lock.lock();
        try {
            return t.blocked && !t.woken ? t.waitingOn : null;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ blocking SPI

    /** Locks the scheduler; primitives hold it around their state and {@link #block}. */
    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /**
     * Blocks the calling task until {@link #wake} or {@code deadline}. The lock must be held;
     * it is released while blocked and held again on return. Callers loop on their own
     * condition: a return means "look again", not "your condition holds".
     *
     * @param on       what the task waits for, for reports
     * @param deadline simulated instant, or {@link #NO_DEADLINE}
     * @param idle     true if this is a wait for work (idle loop, parked thread): such waits
     *                 never count as a deadlock
     * @return false if the deadline passed, true if woken
     */
    public boolean block(Object on, long deadline, boolean idle) {
        return block(on, deadline, idle, null);
    }

    /**
     * {@link #block(Object, long, boolean)}, and the scheduler itself wakes the task when
     * {@code recheck} holds at a quiescent point: when nothing is runnable, before the virtual
     * clock moves or a deadlock is declared, it calls {@code recheck} (lock held, on whichever
     * thread made the machine quiescent) and wakes the task if it returns true. A waker that
     * did not signal is then no lost wake-up: every participant has passed this lock since
     * (to block, detach or end), so what it wrote before is visible to {@code recheck}, the
     * way an RCU grace period ends once every CPU has passed a quiescent state. The task
     * resumes at the same simulated instant, as if it had been woken.
     *
     * @param recheck no locks, no blocking, no writes but the waiter's own (it runs under the
     *                scheduler's lock, on whichever thread made the machine quiescent); null for none
     */
    public boolean block(Object on, long deadline, boolean idle, java.util.function.BooleanSupplier recheck) {
        Task self = self();
        if (shutdown) {
            throw new SimulationShutdown();
        }
        // measured on the task's own timeline, as its modelled work is
        long blockedAt = self.timeline != Long.MIN_VALUE ? self.timeline : now();
        self.blocked = true;
        self.woken = false;
        self.timedOut = false;
        self.idleWait = idle;
        self.waitingOn = on;
        self.deadline = deadline;
        self.seq = ++seq;
        if (deadline != NO_DEADLINE) {
            timed.add(self);
        }
        if (recheck != null) {
            self.recheck = recheck;
            rechecking.add(self);
        }
        runnable--;
        progress++;
        giveUpTurn(self);
        boolean interrupted = false;
        while (!self.woken || (turns != null && !self.turn && !shutdown)) {
            if (deadline != NO_DEADLINE && clock instanceof RealClock real) {
                long remaining = real.realNanosUntil(deadline);
                if (remaining <= 0) {
                    expire(self);
                    break;
                }
                try {
                    self.wakeup.awaitNanos(remaining);
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            } else {
                self.wakeup.awaitUninterruptibly();
            }
        }
        if (recheck != null) {
            rechecking.remove(self);
            self.recheck = null;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        self.blocked = false;
        self.waitingOn = null;
        self.timeline = self.resumeAt;
        if (!"busy".equals(on)) {
            self.addBlocked(Math.max(0, (self.resumeAt != Long.MIN_VALUE ? self.resumeAt : now()) - blockedAt));
        }
        if (shutdown) {
            throw new SimulationShutdown();
        }
        if (self.deadlocked) {
            self.deadlocked = false;
            throw new SimulationDeadlockError(self.deadlockReport);
        }
        return !self.timedOut;
    }

    /** Makes a blocked task runnable; the lock must be held. No-op if it is not blocked. */
    public void wake(Task t) {
        if (t == null || !t.blocked || t.woken) {
            return;
        }
        Task waker = current.get();
        t.resumeAt = waker != null && waker.timeline != Long.MIN_VALUE ? Math.min(waker.timeline, now()) : now();
        t.woken = true;
        timed.remove(t);
        runnable++;
        progress++;
        ready(t);
    }

    /** {@code t} may run again: at once, or in deterministic mode when its turn comes. */
    private void ready(Task t) {
        if (turns != null) {
            turns.enqueue(t);
        } else {
            t.wakeup.signal();
        }
    }

    /** The deadline of {@code t} passed: it becomes runnable as timed out. */
    private void expire(Task t) {
        t.resumeAt = t.deadline;
        t.woken = true;
        t.timedOut = true;
        timed.remove(t);
        runnable++;
        progress++;
        ready(t);
    }

    /** Nothing is runnable: move virtual time, or detect a deadlock. Lock held. */
    private void quiescent() {
        if (recheckWaiters()) {
            return;
        }
        if (!timed.isEmpty()) {
            if (clock instanceof VirtualClock virtual) {
                long instant = timed.first().deadline;
                virtual.advanceTo(instant);
                while (!timed.isEmpty() && timed.first().deadline <= instant) {
                    expire(timed.first());
                }
            }
            return;
        }
        List<Task> stuck = new ArrayList<>();
        for (Task t : live) {
            if (t.blocked && !t.woken && !t.idleWait) {
                stuck.add(t);
            }
        }
        if (stuck.isEmpty()) {
            return;
        }
        String report = "simulation deadlock: nothing can run and nothing is timed\n" + describeLocked();
        log.accept("cpuhp: " + report);
        for (Task t : stuck) {
            t.deadlocked = true;
            t.deadlockReport = report;
            t.woken = true;
            runnable++;
            ready(t);
        }
    }

    /** Wakes the rechecking tasks whose condition holds now; true if it woke any. Lock held. */
    private boolean recheckWaiters() {
        boolean woke = false;
        for (Task t : rechecking) {
            if (t.blocked && !t.woken && t.recheck.getAsBoolean()) {
                wake(t);
                woke = true;
            }
        }
        return woke;
    }

    // ------------------------------------------------------------------ reports & lifecycle

    /** Every participant and what it is doing, one per line. */
    public String describe() {
        lock.lock();
        try {
            return describeLocked();
        } finally {
            lock.unlock();
        }
    }

    private String describeLocked() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("  now=%dns runnable=%d timed=%d%n", now(), runnable, timed.size()));
        for (Task t : live) {
            sb.append(String.format("  %-20s cpu %-4d %s%n", t, t.cpu(), stateOf(t)));
        }
        return sb.toString();
    }

    private static String stateOf(Task t) {
        if (!t.blocked || t.woken) {
            return "runnable";
        }
        String what = t.idleWait ? "idle on " : "blocked on ";
        String until = t.deadline == NO_DEADLINE ? "" : " until " + t.deadline + "ns";
        return what + t.waitingOn + until;
    }

    /** Number of live participants (tasks and attached callers). */
    public int participants() {
        lock.lock();
        try {
            return live.size();
        } finally {
            lock.unlock();
        }
    }

    /** A counter bumped by every block, wake and exit: a watchdog sees progress through it. */
    public long progress() {
        lock.lock();
        try {
            return progress;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops the simulation: every blocked task, now or later, unwinds with
     * {@link SimulationShutdown}. Spawned tasks end; attached callers get the error.
     */
    public void shutdown() {
        lock.lock();
        try {
            shutdown = true;
            for (Task t : live) {
                if (t.blocked && !t.woken) {
                    t.woken = true;
                    runnable++;
                }
                t.wakeup.signal(); // also the ones waiting for a turn
            }
            atRest.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean isShutdown() {
        lock.lock();
        try {
            return shutdown;
        } finally {
            lock.unlock();
        }
    }
}
