package dev.cpuhp.hotplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sched.Actors;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sched.SimulationShutdown;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code cpu_hotplug_lock} (a per-CPU rw-semaphore) under Lincheck's model checker: in no
 * interleaving does a reader's section overlap the writer's; a failed {@code
 * cpus_read_trylock()} means a writer holds or waits for the lock; and the read side nests
 * only while no writer waits, as {@code percpu_down_read()} does: a writer that arrives
 * between the two acquisitions blocks the second one, a deadlock the scheduler reports.
 */
class HotplugLockLincheckTest {
    @Test
    void readersNeverOverlapTheWriter() {
        Actors.modelCheck(30, s -> {
            HotplugLock lock = new HotplugLock(s);
            AtomicInteger readers = new AtomicInteger();
            AtomicBoolean writing = new AtomicBoolean();
            AtomicBoolean writerWants = new AtomicBoolean();
            Actors.runAll(s,
                    () -> {
                        lock.readLock();
                        readers.incrementAndGet();
                        assertFalse(writing.get(), "a reader inside the writer's section");
                        readers.decrementAndGet();
                        lock.readUnlock();
                    },
                    () -> {
                        if (lock.tryReadLock()) {
                            readers.incrementAndGet();
                            assertFalse(writing.get(), "a trylock reader inside the writer's section");
                            readers.decrementAndGet();
                            lock.readUnlock();
                        } else {
                            assertTrue(writerWants.get(), "trylock failed with no writer about");
                        }
                    },
                    () -> {
                        writerWants.set(true);
                        lock.writeLock();
                        writing.set(true);
                        assertEquals(0, readers.get(), "the writer inside a reader's section");
                        writing.set(false);
                        lock.writeUnlock();
                        writerWants.set(false);
                    });
        });
    }

    @Test
    void theReadSideNestsOnlyWhileNoWriterWaits() {
        // Interleavings in which the read side nested, and in which it deadlocked behind the
        // writer. Not static: Lincheck restores static state after every interleaving.
        AtomicInteger nested = new AtomicInteger();
        AtomicInteger deadlocked = new AtomicInteger();
        // The writer must get in within a window of a few steps: about one interleaving in 40
        // does (first at the 83rd when this was written), so this explores 200.
        Actors.modelCheck(200, s -> {
            HotplugLock lock = new HotplugLock(s);
            AtomicBoolean inner = new AtomicBoolean();
            List<Throwable> thrown = Actors.run(s,
                    () -> {
                        lock.readLock();
                        lock.readLock();
                        inner.set(true);
                        lock.readUnlock();
                        lock.readUnlock();
                    },
                    () -> {
                        lock.writeLock();
                        lock.writeUnlock();
                    });
            if (thrown.stream().allMatch(e -> e == null)) {
                assertTrue(inner.get());
                nested.incrementAndGet();
                return;
            }
            assertFalse(inner.get(), "only the second read_lock can block");
            Throwable first = thrown.stream().filter(e -> e != null && !(e instanceof SimulationShutdown))
                    .findFirst().orElseThrow();
            assertInstanceOf(SimulationDeadlockError.class, first, "a deadlock, reported");
            String report = first.getMessage();
            assertTrue(report.contains("blocked on cpu_hotplug_lock (read)")
                    && report.contains("blocked on cpu_hotplug_lock (write)"), report);
            deadlocked.incrementAndGet();
        });
        assertTrue(nested.get() > 0, "no interleaving nested the read side");
        assertTrue(deadlocked.get() > 0, "no interleaving put the writer between the two read locks");
    }
}
