package dev.cpuhp.smp;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.CpuMasks;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import dev.cpuhp.sync.Completion;
import dev.cpuhp.trace.TraceEvent.CsdFunctionEntry;
import dev.cpuhp.trace.TraceEvent.CsdFunctionExit;
import dev.cpuhp.trace.TraceEvent.CsdQueueCpu;
import dev.cpuhp.trace.Tracer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code kernel/smp.c}: run a function on another CPU, on many, on all online ones. Each call
 * is queued on the target's {@link Ipi} and the target's own thread runs it from its idle
 * loop in interrupt context. Every call is traced ({@code csd_queue_cpu},
 * {@code csd_function_entry}, {@code csd_function_exit}) and its delivery latency, queue to
 * entry, recorded.
 */
public final class CrossCall {
    private final Scheduler scheduler;
    private final Tracer tracer;
    private final CpuMasks masks;
    private final Ipi[] ipis;
    private final AtomicLong nextCsd = new AtomicLong(0x1000);
    private final LatencyLog latencies = new LatencyLog();

    public CrossCall(Scheduler scheduler, Tracer tracer, CpuMasks masks) {
        this.scheduler = scheduler;
        this.tracer = tracer;
        this.masks = masks;
        this.ipis = new Ipi[masks.nrCpuIds()];
        for (int cpu = 0; cpu < ipis.length; cpu++) {
            ipis[cpu] = new Ipi(scheduler, cpu);
        }
    }

    /** IPI delivery latencies (queue to function entry) recorded so far, in nanoseconds. */
    public LatencyLog latencies() {
        return latencies;
    }

    /** {@code smp_call_function_single()}. */
    public int callSingle(int cpu, SmpFunction f, boolean wait) {
        return callSingle(cpu, f, wait, "generic_exec_single");
    }

    /**
     * {@code smp_call_function_single()} with the caller's name as the traced callsite.
     *
     * @return 0, or {@code -ENXIO} if {@code cpu} is not online
     */
    public int callSingle(int cpu, SmpFunction f, boolean wait, String callsite) {
        if (wait) {
            scheduler.mightSleep("smp_call_function_single(wait)");
        }
        if (cpu == thisCpu()) {
            runLocal(cpu, f);
            return 0;
        }
        if (!masks.isOnline(cpu)) {
            return Errno.ENXIO.ret();
        }
        Csd csd = queue(cpu, f, callsite, wait);
        if (csd.done() != null) {
            csd.done().waitForCompletion();
        }
        return 0;
    }

    /** {@code smp_call_function_many()}: every online CPU of {@code mask} but the caller's. */
    public void callMany(CpuMask mask, SmpFunction f, boolean wait, String callsite) {
        if (wait) {
            scheduler.mightSleep("smp_call_function_many(wait)");
        }
        int me = thisCpu();
        List<Csd> queued = new ArrayList<>();
        CpuMask targets = mask.and(masks.online());
        for (int cpu = targets.first(); cpu < targets.nbits(); cpu = targets.next(cpu + 1)) {
            if (cpu != me) {
                queued.add(queue(cpu, f, callsite, wait));
            }
        }
        for (Csd csd : queued) {
            if (csd.done() != null) {
                csd.done().waitForCompletion();
            }
        }
    }

    /** {@code on_each_cpu()}: every online CPU, the caller's included (locally, irqs off). */
    public void onEachCpu(SmpFunction f, boolean wait, String callsite) {
        callMany(masks.online(), f, wait, callsite);
        int me = thisCpu();
        if (masks.isOnline(me)) {
            runLocal(me, f);
        }
    }

    private int thisCpu() {
        Task t = scheduler.current();
        return t == null ? -1 : t.cpu();
    }

    private Csd queue(int cpu, SmpFunction f, String callsite, boolean wait) {
        Completion done = wait ? new Completion(scheduler, "csd " + f.symbol()) : null;
        Csd csd = new Csd(nextCsd.getAndIncrement(), f, callsite, scheduler.taskNow(), done);
        tracer.emit(ctx -> new CsdQueueCpu(ctx, cpu, callsite, f.symbol(), csd.id()));
        scheduler.lock();
        try {
            Ipi ipi = ipis[cpu];
            ipi.calls.addLast(csd);
            ipi.raise();
        } finally {
            scheduler.unlock();
        }
        return csd;
    }

    private void runLocal(int cpu, SmpFunction f) {
        try (var irqsOff = scheduler.atomic("smp_call_function local " + f.symbol())) {
            tracer.emit(ctx -> new CsdFunctionEntry(ctx, f.symbol(), 0));
            f.fn().accept(cpu);
            tracer.emit(ctx -> new CsdFunctionExit(ctx, f.symbol(), 0));
        }
    }

    // ------------------------------------------------------------------ the target's side

    /**
     * {@code hlt} in the idle loop of {@code cpu}: waits until an interrupt is pending.
     *
     * @return true if the CPU actually halted (so waking it cost an idle exit)
     */
    public boolean halt(int cpu) {
        scheduler.lock();
        try {
            Ipi ipi = ipis[cpu];
            if (ipi.pending()) {
                return false;
            }
            ipi.halt();
            return true;
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * Services what is pending on {@code cpu}: stopper work first, then the queued calls
     * ({@code flush_smp_call_function_queue()}). Clears {@code need_resched}.
     */
    public void handleInterrupts(int cpu) {
        while (true) {
            Runnable work;
            Csd csd;
            scheduler.lock();
            try {
                Ipi ipi = ipis[cpu];
                ipi.resched = false;
                work = ipi.stopWork.pollFirst();
                csd = work == null ? ipi.calls.pollFirst() : null;
            } finally {
                scheduler.unlock();
            }
            if (work != null) {
                work.run();
            } else if (csd != null) {
                run(csd);
            } else {
                return;
            }
        }
    }

    private void run(Csd csd) {
        latencies.record(Math.max(0, scheduler.taskNow() - csd.queuedAt()));
        String symbol = csd.fn().symbol();
        try (var irq = scheduler.interrupt("IPI " + symbol)) {
            tracer.emit(ctx -> new CsdFunctionEntry(ctx, symbol, csd.id()));
            csd.fn().fn().accept(scheduler.self().cpu());
            tracer.emit(ctx -> new CsdFunctionExit(ctx, symbol, csd.id()));
        }
        if (csd.done() != null) {
            csd.done().complete();
        }
    }

    /** {@code flush_smp_call_function_queue()} alone: runs the calls queued on {@code cpu}. */
    public void flushCalls(int cpu) {
        while (true) {
            Csd csd;
            scheduler.lock();
            try {
                csd = ipis[cpu].calls.pollFirst();
            } finally {
                scheduler.unlock();
            }
            if (csd == null) {
                return;
            }
            run(csd);
        }
    }

    /** {@code resched_cpu()}: makes {@code cpu}'s idle loop look at its state again. */
    public void kick(int cpu) {
        scheduler.lock();
        try {
            ipis[cpu].resched = true;
            ipis[cpu].raise();
        } finally {
            scheduler.unlock();
        }
    }

    // ------------------------------------------------------------------ the stopper

    /** {@code stop_machine_unpark()} / {@code stop_machine_park()}: non-blocking here. */
    public void setStopperEnabled(int cpu, boolean enabled) {
        scheduler.lock();
        try {
            ipis[cpu].stopperEnabled = enabled;
        } finally {
            scheduler.unlock();
        }
    }

    /**
     * {@code queue_stop_cpus_work()}: queues {@code work} on the stopper of every CPU of
     * {@code cpus} whose stopper is enabled, atomically with respect to those stoppers: none
     * of them starts before all are queued and {@code beforeRun} has seen the final set.
     *
     * @return the CPUs whose stoppers took the work
     */
    CpuMask queueStopWork(CpuMask cpus, java.util.function.Consumer<CpuMask> beforeRun,
                          java.util.function.IntFunction<Runnable> work) {
        scheduler.lock();
        try {
            CpuMask queued = CpuMask.empty(cpus.nbits());
            for (int cpu = cpus.first(); cpu < cpus.nbits(); cpu = cpus.next(cpu + 1)) {
                if (ipis[cpu].stopperEnabled) {
                    queued = queued.with(cpu);
                }
            }
            beforeRun.accept(queued);
            for (int cpu = queued.first(); cpu < queued.nbits(); cpu = queued.next(cpu + 1)) {
                ipis[cpu].stopWork.addLast(work.apply(cpu));
                ipis[cpu].raise();
            }
            return queued;
        } finally {
            scheduler.unlock();
        }
    }
}
