package dev.cpuhp.smp;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sync.Completion;
import dev.cpuhp.sync.SyncVar;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntUnaryOperator;

/**
 * {@code kernel/stop_machine.c}: {@link #stopMachine} runs a function on some CPUs while every
 * online CPU spins in lockstep with interrupts off ({@code multi_cpu_stop}). Each CPU runs its
 * part on its own thread as {@code migration/N}, the stopper, from its idle loop.
 */
public final class StopMachine {
    private static final int NONE = 0;
    private static final int PREPARE = 1;
    private static final int DISABLE_IRQ = 2;
    private static final int RUN = 3;
    private static final int EXIT = 4;

    private final Scheduler scheduler;
    private final CrossCall crossCall;
    private final CpuMasks masks;
    private final int[] stopperPid;

    public StopMachine(Scheduler scheduler, CrossCall crossCall, CpuMasks masks) {
        this.scheduler = scheduler;
        this.crossCall = crossCall;
        this.masks = masks;
        this.stopperPid = new int[masks.nrCpuIds()];
    }

    /** The shared state of one stop-machine run: {@code struct multi_stop_data}. */
    private static final class MultiStop {
        final SyncVar state;
        final AtomicInteger acks = new AtomicInteger();
        final Completion done;
        final CpuMask active;
        final String symbol;
        final IntUnaryOperator fn;
        volatile int threads;
        volatile int ret;

        MultiStop(Scheduler s, CpuMask active, String symbol, IntUnaryOperator fn) {
            this.state = new SyncVar(s, "multi_stop " + symbol, NONE);
            this.done = new Completion(s, "stop_machine " + symbol);
            this.active = active;
            this.symbol = symbol;
            this.fn = fn;
        }
    }

    /**
     * {@code stop_machine_cpuslocked(fn, cpus)}: runs {@code fn(cpu)} on each CPU of
     * {@code cpus} with the whole machine stopped. Returns the first non-zero result.
     */
    public int stopMachine(String symbol, CpuMask cpus, IntUnaryOperator fn) {
        scheduler.mightSleep("stop_machine(" + symbol + ")");
        MultiStop m = new MultiStop(scheduler, cpus, symbol, fn);
        CpuMask queued = crossCall.queueStopWork(masks.online(), q -> {
            m.threads = q.weight();
            m.acks.set(q.weight());
            m.state.set(PREPARE);
        }, cpu -> () -> runStopper(cpu, m));
        for (int i = 0; i < queued.weight(); i++) {
            m.done.waitForCompletion();
        }
        if (queued.isEmpty() || !queued.and(cpus).equals(cpus)) {
            return Errno.ENOENT.ret(); // a CPU that had to run fn has no stopper
        }
        return m.ret;
    }

    private void runStopper(int cpu, MultiStop m) {
        Task self = scheduler.self();
        self.runAs("migration/" + cpu, stopperPid(cpu), () -> multiCpuStop(cpu, m));
        m.done.complete();
    }

    private synchronized int stopperPid(int cpu) {
        if (stopperPid[cpu] == 0) {
            stopperPid[cpu] = scheduler.allocatePid();
        }
        return stopperPid[cpu];
    }

    /** {@code multi_cpu_stop()}: every participant steps through the states together. */
    private void multiCpuStop(int cpu, MultiStop m) {
        Scheduler.AtomicSection preemptOff = scheduler.atomic("stop_machine " + m.symbol + " on CPU " + cpu);
        Scheduler.AtomicSection irqsOff = null;
        int cur = NONE;
        try {
            do {
                int seen = cur;
                m.state.spinUntil(v -> v != seen, Scheduler.NO_DEADLINE, false);
                cur = m.state.get();
                if (cur == DISABLE_IRQ) {
                    irqsOff = scheduler.atomic("stop_machine " + m.symbol + " on CPU " + cpu + ", irqs off");
                } else if (cur == RUN && m.active.contains(cpu)) {
                    int err = m.fn.applyAsInt(cpu);
                    if (err != 0) {
                        m.ret = err;
                    }
                }
                if (m.acks.decrementAndGet() == 0) {
                    // Every thread acked cur; nobody touches acks until it sees the next state.
                    m.acks.set(m.threads);
                    m.state.set(cur + 1);
                }
            } while (cur != EXIT);
        } finally {
            if (irqsOff != null) {
                irqsOff.close();
            }
            preemptOff.close();
        }
    }
}
