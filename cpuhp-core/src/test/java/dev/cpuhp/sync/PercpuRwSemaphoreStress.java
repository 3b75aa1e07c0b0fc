package dev.cpuhp.sync;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The lock-free read path of {@link PercpuRwSemaphore} against a writer, under jcstress: real
 * threads, millions of races, the JIT's and the CPU's reorderings. Both actors are scheduler
 * participants on the virtual clock (the writer may wait for the reader, and a wait with no
 * participant left to end it would be reported as a deadlock), so the reader takes the
 * grace-period path: a release store of its count and an acquire read of
 * {@code writerPending}, no fence. What keeps it out of the writer's section is that the writer
 * trusts the counts only at the scheduler's quiescent recheck, which every participant reaches
 * through the scheduler's lock (here the reader's detach).
 */
@JCStressTest
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "the reader got in, outside the writer's section")
@Outcome(id = "-1, 0", expect = ACCEPTABLE, desc = "trylock failed: the writer held the lock or waited for it")
@Outcome(expect = FORBIDDEN, desc = "a reader and the writer inside at once")
@State
public class PercpuRwSemaphoreStress {
    private final Scheduler s = new Scheduler(new VirtualClock(), msg -> { });
    private final PercpuRwSemaphore sem = new PercpuRwSemaphore(s, "sem");
    private volatile int reading;
    private volatile int writing;

    @Actor
    public void reader(II_Result r) {
        try (var me = s.attach("reader", 0)) {
            if (sem.tryReadLock()) {
                reading = 1;
                r.r1 = writing;
                reading = 0;
                sem.readUnlock();
            } else {
                r.r1 = -1;
            }
        }
    }

    @Actor
    public void writer(II_Result r) {
        try (var me = s.attach("writer", 1)) {
            sem.writeLock();
            writing = 1;
            r.r2 = reading;
            writing = 0;
            sem.writeUnlock();
        }
    }
}
