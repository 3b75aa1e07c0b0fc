package dev.cpuhp.sched;

import java.util.concurrent.locks.Condition;

/**
 * One participant of the {@link Scheduler}: a simulated CPU's idle task, a per-CPU kthread, or
 * a foreign thread (a test, a sysfs writer) while it is inside the engine.
 *
 * <p>Identity fields are immutable. {@link #cpu} is written by the owning thread and read by
 * tracers on any thread (volatile). The atomic-context depth is confined to the owning thread.
 * The blocking fields are guarded by the scheduler's lock.
 */
public final class Task {
    final String comm;
    final int pid;
    /** What runs on the task's CPU now, if it switched (an idle task running the stopper). */
    private volatile String runningComm;
    private volatile int runningPid;
    final Thread thread;
    final boolean foreign;
    private volatile int cpu;

    /** Nesting of atomic sections (irqs off / preemption off) and what the innermost one is. */
    private int atomicDepth;
    private String atomicWhat;
    /** Nesting of interrupt handlers running on this task's CPU. */
    private int irqDepth;

    /**
     * The task's own simulated time: where its modelled work has got to. Owned by the task's
     * thread; set from {@link #resumeAt} when it wakes. {@code Long.MIN_VALUE}: not yet known.
     */
    long timeline = Long.MIN_VALUE;

    /** Simulated time spent blocked (waiting, not busy), accumulated by the scheduler. */
    private final java.util.concurrent.atomic.AtomicLong blockedNanos = new java.util.concurrent.atomic.AtomicLong();

    // ---- guarded by Scheduler.lock ----
    /** The simulated instant the task was made runnable: its waker's timeline, or its deadline. */
    long resumeAt = Long.MIN_VALUE;
    final Condition wakeup;
    boolean alive = true;
    boolean attached;
    boolean blocked;
    boolean woken;
    boolean timedOut;
    boolean idleWait;
    boolean deadlocked;
    /** Deterministic mode: this task holds the one turn to run ({@link SeededTurns}). */
    boolean turn;
    String deadlockReport;
    Object waitingOn;
    /** What the scheduler tests again at a quiescent point while the task waits, or null. */
    java.util.function.BooleanSupplier recheck;
    long deadline;
    long seq;

    Task(String comm, int pid, int cpu, Thread thread, boolean foreign, Condition wakeup) {
        this.comm = comm;
        this.pid = pid;
        this.cpu = cpu;
        this.thread = thread;
        this.foreign = foreign;
        this.wakeup = wakeup;
    }

    /** The task's name as the kernel would print it ({@code comm}), e.g. "cpuhp/3". */
    public String comm() {
        String r = runningComm;
        return r != null ? r : comm;
    }

    public int pid() {
        return runningComm != null ? runningPid : pid;
    }

    /**
     * Runs {@code body} as if the CPU had switched to another task ({@code comm}/{@code pid}):
     * a CPU's own thread runs the stopper work of {@code migration/N} this way.
     */
    public void runAs(String comm, int pid, Runnable body) {
        String previousComm = runningComm;
        int previousPid = runningPid;
        runningComm = comm;
        runningPid = pid;
        try {
            body.run();
        } finally {
            runningComm = previousComm;
            runningPid = previousPid;
        }
    }

    /**
     * True if the calling thread is this task's thread and the task is a participant now.
     * Exact without the scheduler's lock: only the task's own thread attaches and detaches it
     * (a spawned task is attached before its thread starts).
     */
    public boolean isAttachedHere() {
        return thread == Thread.currentThread() && attached;
    }

    /** The CPU this task currently runs on (the {@code [NNN]} column of a trace line). */
    public int cpu() {
        return cpu;
    }

    /** Moves the task to another CPU, as {@code work_on_cpu()} or a migration would. */
    public void setCpu(int cpu) {
        this.cpu = cpu;
    }

    /** True while the task runs with interrupts or preemption disabled. */
    public boolean inAtomic() {
        return atomicDepth > 0;
    }

    /** The innermost atomic section's description, or null. */
    public String atomicWhat() {
        return atomicWhat;
    }

    int atomicDepth() {
        return atomicDepth;
    }

    /** Simulated nanoseconds this task has spent blocked on primitives (not in modelled work). */
    public long blockedNanos() {
        return blockedNanos.get();
    }

    void addBlocked(long nanos) {
        blockedNanos.addAndGet(nanos);
    }

    /** True while the task runs an interrupt handler (an IPI's function). */
    public boolean inIrq() {
        return irqDepth > 0;
    }

    void enterIrq() {
        irqDepth++;
    }

    void exitIrq() {
        irqDepth--;
    }

    /** Enters an atomic section; returns the previous description so it can be restored. */
    String enterAtomic(String what) {
        String previous = atomicWhat;
        atomicDepth++;
        atomicWhat = what;
        return previous;
    }

    void exitAtomic(String previous) {
        if (atomicDepth == 0) {
            throw new IllegalStateException(comm + ": unbalanced atomic section exit");
        }
        atomicDepth--;
        atomicWhat = previous;
    }

    @Override
    public String toString() {
        return comm() + "-" + pid();
    }
}
