package dev.cpuhp.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sched.Clock;
import dev.cpuhp.sched.RealClock;
import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.VirtualClock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The read side's slots: a handle works as the thread-local path does and only for its
 * thread; a writer gets in after the reader's unlock (on the virtual clock at the first
 * quiescent point after it: the grace period) and is held off by a thread outside the machine
 * until that unlocks; ended threads' slots do not pile up.
 */
class PercpuRwSemaphoreTest {
    private static Scheduler scheduler(boolean virtual) {
        Clock c = virtual ? new VirtualClock() : new RealClock();
        return new Scheduler(c, msg -> { });
    }

    @Test
    void aReaderHandleIsTheThreadLocalPathAndOnlyItsOwnersToUse() throws Exception {
        Scheduler s = scheduler(true);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(s, "sem");
        try (var me = s.attach("reader", 0)) {
            PercpuRwSemaphore.Reader r = sem.reader();
            r.lock();
            assertTrue(sem.isReadHeldByCurrentThread());
            assertTrue(r.tryLock(), "the read side nests");
            sem.readUnlock();
            r.unlock();
            assertFalse(sem.isReadHeldByCurrentThread());
            assertThrows(IllegalStateException.class, sem::readUnlock, "unlock without lock");
            Throwable other = CompletableFuture.supplyAsync(() -> {
                try {
                    r.lock();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            }).get(10, TimeUnit.SECONDS);
            assertTrue(other instanceof IllegalStateException, "another thread used the handle");
        } finally {
            s.shutdown();
        }
    }

    /** The virtual clock unlocks without a fence (the scheduler rechecks); the real one with. */
    @ParameterizedTest(name = "virtual clock: {0}")
    @ValueSource(booleans = {true, false})
    void aWriterWaitsForTheReaderAndGetsInAfterIt(boolean virtual) throws Exception {
        Scheduler s = scheduler(virtual);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(s, "sem");
        CountDownLatch inWriter = new CountDownLatch(1);
        try (var me = s.attach("reader", 0)) {
            sem.readLock();
            s.spawn("writer", s.allocatePid(), 1, () -> {
                sem.writeLock();
                inWriter.countDown();
                sem.writeUnlock();
            });
            s.busy(1_000_000); // the writer is waiting by the end of it (real clock: 1 ms)
            assertEquals(1, inWriter.getCount(), "the writer got in beside a reader");
            sem.readUnlock();
            if (virtual) {
                // the writer's grace period ends when this participant passes a quiescent state
                s.busy(1_000);
                assertEquals(0, inWriter.getCount(), "the writer got in at the first quiescent point");
            }
            assertTrue(inWriter.await(10, TimeUnit.SECONDS), "the writer was not woken");
        } finally {
            s.shutdown();
        }
    }

    /** A reader outside the machine (fenced) holds the writer off until it unlocks. */
    @Test
    void aThreadOutsideTheMachineHoldsTheWriterOffUntilItUnlocks() throws Exception {
        Scheduler s = scheduler(true);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(s, "sem");
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread outsider = Thread.ofPlatform().start(() -> {
            sem.readLock(); // no participant: the fenced path
            locked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sem.readUnlock();
        });
        try (var me = s.attach("writer", 0)) {
            assertTrue(locked.await(10, TimeUnit.SECONDS));
            CountDownLatch writerIn = new CountDownLatch(1);
            CompletableFuture<Long> heldOff = new CompletableFuture<>();
            CompletableFuture<Long> afterUnlock = new CompletableFuture<>();
            s.spawn("releaser", s.allocatePid(), 1, () -> {
                s.busy(1_000); // quiescent points pass meanwhile: the outsider still holds it
                heldOff.complete(writerIn.getCount());
                release.countDown();
                try {
                    outsider.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                s.busy(1_000); // a quiescent point after the outsider's unlock
                afterUnlock.complete(writerIn.getCount());
            });
            sem.writeLock();
            writerIn.countDown();
            sem.writeUnlock();
            s.busy(10_000); // blocked in the machine (not in a host wait), so the releaser can finish
            assertEquals(1, heldOff.get(20, TimeUnit.SECONDS), "the writer got in beside the outsider");
            assertEquals(0, afterUnlock.get(20, TimeUnit.SECONDS), "the writer stayed out after the unlock");
        } finally {
            s.shutdown();
            outsider.join();
        }
    }

    @Test
    void slotsOfEndedThreadsAreDropped() throws Exception {
        Scheduler s = scheduler(true);
        PercpuRwSemaphore sem = new PercpuRwSemaphore(s, "sem");
        for (int i = 0; i < 20; i++) {
            Thread t = Thread.ofVirtual().start(() -> {
                sem.readLock();
                sem.readUnlock();
            });
            t.join();
        }
        assertTrue(sem.registeredReaders() <= 1, sem.registeredReaders() + " slots for one live thread at most");
        s.shutdown();
    }
}
