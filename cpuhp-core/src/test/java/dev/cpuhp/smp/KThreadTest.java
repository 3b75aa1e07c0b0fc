package dev.cpuhp.smp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kthread park protocol of {@code kernel/kthread.c}: {@code kthread_park()} returns once
 * the thread sleeps parked, however close it follows a {@code kthread_unpark()}; a parked thread
 * is woken by nothing but an unpark or a stop.
 *
 * <p>"Before the thread has run" is made certain, not likely, by holding the scheduler lock
 * across the unpark and the park: the woken thread needs that lock to return from its sleep,
 * so it can look at its flags only after both calls (park's wait releases the lock).
 */
class KThreadTest {
    final List<String> log = Collections.synchronizedList(new ArrayList<>());
    final Scheduler s = new Scheduler(new VirtualClock(), log::add);
    final AtomicInteger passes = new AtomicInteger();

    @AfterEach
    void shutdown() {
        s.shutdown();
    }

    /** The body of a per-CPU thread with no work: {@code smpboot_thread_fn()} reduced. */
    KThread create() {
        return KThread.createParked(s, "worker/1", 1, k -> {
            while (!k.shouldStop()) {
                if (k.shouldPark()) {
                    k.parkme();
                    continue;
                }
                passes.incrementAndGet();
                k.sleepUntilWoken();
            }
        });
    }

    @Test
    void parkRightAfterUnparkWaitsUntilParkedAgain() {
        try (var me = s.attach("control", 0)) {
            KThread k = create();
            assertTrue(k.isParked());
            s.lock();
            try {
                k.unpark();
                k.park(); // before the thread has seen the unpark
                assertTrue(k.isParked(), "park() returned with the thread parked");
            } finally {
                s.unlock();
            }
            assertEquals(0, passes.get(), "the body never ran: it went from one parked sleep to the next");
            k.unpark();
            s.settle();
            assertFalse(k.isParked());
            assertEquals(1, passes.get());
            k.park();
            assertTrue(k.isParked());
        }
        assertTrue(log.isEmpty(), String.join("\n", log));
    }

    @Test
    void aParkedThreadIgnoresWakeUps() {
        try (var me = s.attach("control", 0)) {
            KThread k = create();
            k.wakeUp(); // wake_up_process() does not end TASK_PARKED
            s.settle();
            assertTrue(k.isParked());
            assertEquals(0, passes.get());
            k.unpark();
            s.settle();
            assertEquals(1, passes.get());
            s.lock();
            try {
                k.park(); // must wait for this park's own completion, not a stale one
                assertTrue(k.isParked(), "park() returned with the thread parked");
            } finally {
                s.unlock();
            }
        }
    }

    @Test
    void stopEndsAParkedThread() {
        try (var me = s.attach("control", 0)) {
            KThread k = create();
            k.stop();
            s.settle();
            assertEquals(1, s.participants(), "only the caller is left:\n" + s.describe());
        }
    }
}
