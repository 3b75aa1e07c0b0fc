package dev.cpuhp.hotplug;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sched.Task;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code cpus_read_lock()} keeps the set of online CPUs stable; readers do not block each other. */
class HotplugLockTest extends OnMachine {



    @Test
    void aTransitionWaitsForReadersToLeave() {
        AtomicInteger result = new AtomicInteger(Integer.MIN_VALUE);
        m.runAs("reader", 0, () -> {
            hp.cpusReadLock();
            assertTrue(hp.cpusReadTrylock(), "readers do not block each other");
            hp.cpusReadUnlock();
            Task writer = m.scheduler().spawn("writer", m.scheduler().allocatePid(), 0,
                    () -> result.set(hp.cpuDown(2)));
            m.scheduler().settle();
            assertEquals("cpu_hotplug_lock (write)", String.valueOf(m.scheduler().waitingOn(writer)),
                    "the transition waits for the reader");
            assertTrue(m.masks().isOnline(2));
            assertTrue(!hp.cpusReadTrylock(), "a waiting writer holds off new readers");
            hp.cpusReadUnlock();
            m.scheduler().settle();
            assertNull(m.scheduler().waitingOn(writer));
            return null;
        });
        assertEquals(0, result.get());
        assertTrue(!m.masks().isOnline(2));
    }

    @Test
    void readRecursionWhileAWriterWaitsIsADetectedDeadlock() {
        SimulationDeadlockError e = assertThrows(SimulationDeadlockError.class, () -> m.runAs("reader", 0, () -> {
            hp.cpusReadLock();
            m.scheduler().spawn("writer", m.scheduler().allocatePid(), 0, () -> hp.cpuDown(2));
            m.scheduler().settle();
            hp.cpusReadLock(); // a pending writer blocks new readers: deadlock
            return null;
        }));
        assertTrue(e.getMessage().contains("reader") && e.getMessage().contains("cpu_hotplug_lock (read)"), e.getMessage());
        assertTrue(m.log().contains("simulation deadlock"));
    }
}
