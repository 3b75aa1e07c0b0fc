package dev.cpuhp.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.jetbrains.lincheck.Lincheck;

/**
 * Runs a concurrency scenario's actors, each on a platform thread of its own that is a
 * participant of one {@link Scheduler} for the whole of its body, and collects what they threw.
 * Lincheck controls the threads (it sees them started here); the scheduler sees participants,
 * so a state where every actor is blocked on a primitive and nothing is timed is reported as a
 * {@link SimulationDeadlockError}, never a hang.
 *
 * <p>Every actor attaches before any of them runs its body (a start barrier outside the
 * scheduler): an actor that blocks early must not see the others as absent, which would read
 * as "nothing can run". For the same reason the barrier is not a scheduler primitive: actors
 * waiting there are runnable to the clock, as they are about to be.
 */
public final class Actors {
    static {
        warmUp();
    }

    private Actors() {
    }

    /**
     * Builds one deadlock report outside the model checker. The first {@code String.format}
     * in a JVM initialises the JDK's locale data: done under Lincheck, that is so many steps
     * that it reports the scenario as hung instead of showing the report.
     */
    private static void warmUp() {
        Scheduler s = new Scheduler(new VirtualClock(), msg -> { });
        try (var me = s.attach("warm-up", 0)) {
            s.lock();
            try {
                s.block("nothing", Scheduler.NO_DEADLINE, false);
            } finally {
                s.unlock();
            }
        } catch (SimulationDeadlockError expected) {
            // the report was built
        } finally {
            s.shutdown();
        }
    }

    /**
     * Lincheck's model checker runs {@code scenario} {@code invocations} times, each time on a
     * fresh scheduler with the virtual clock and in another interleaving of the actors it
     * starts, and fails with the interleaving that broke an assertion or deadlocked. The
     * exploration is deterministic: the same code gives the same interleavings.
     *
     * <p>The model checker drives the scheduler's {@code ReentrantLock} and its conditions as
     * it drives any code: it switches threads at shared-memory accesses and at
     * {@code LockSupport.park/unpark}, which is where a condition blocks; no stress mode is
     * needed. Its reach, measured on this code: an order of operations that breaks a protocol
     * (a park that waits for a completion nobody gives, a wakee counted runnable too late)
     * shows within the first 30 interleavings; a window of a few steps that one thread must be
     * caught in takes about 40 (hence the larger count where a test needs one); two such
     * windows at once, as breaking the Dekker check of the rw-semaphore's lock-free read path
     * would open, were not reached in 300, so no test here stands for that check. The counts
     * depend on how many steps the scenario takes: a lighter start barrier (only the caller
     * waiting for the attachments) found the one-window case sooner and missed the
     * late-counted wakee in 30.
     */
    public static void modelCheck(int invocations, Consumer<Scheduler> scenario) {
        Lincheck.runConcurrentTest(invocations, () -> {
            Scheduler s = new Scheduler(new VirtualClock(), msg -> { });
            try {
                scenario.accept(s);
            } finally {
                s.shutdown();
            }
        });
    }

    /** An actor's body; it runs as participant {@code "actor/" + index} on CPU {@code index}. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * Runs {@code bodies} concurrently and waits for all of them.
     *
     * @return what each actor threw, in actor order, null for an actor that returned
     */
    public static List<Throwable> run(Scheduler s, Body... bodies) {
        CountDownLatch attached = new CountDownLatch(bodies.length);
        Throwable[] thrown = new Throwable[bodies.length];
        Thread[] threads = new Thread[bodies.length];
        for (int i = 0; i < bodies.length; i++) {
            int index = i;
            threads[i] = new Thread(() -> {
                try (var me = s.attach("actor/" + index, index)) {
                    attached.countDown();
                    attached.await();
                    bodies[index].run();
                } catch (Throwable e) {
                    thrown[index] = e;
                    s.shutdown(); // the others unwind (SimulationShutdown) instead of waiting forever
                }
            }, "actor/" + i);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            joinUninterruptibly(t);
        }
        List<Throwable> out = new ArrayList<>();
        for (Throwable e : thrown) {
            out.add(e);
        }
        return out;
    }

    /**
     * {@link #run}, failing with the first actor's error (a deadlock report, an assertion)
     * other than the {@link SimulationShutdown} the others unwound with.
     */
    public static void runAll(Scheduler s, Body... bodies) {
        List<Throwable> thrown = run(s, bodies);
        for (Throwable e : thrown) {
            if (e != null && !(e instanceof SimulationShutdown)) {
                throw new AssertionError("an actor failed: " + e, e);
            }
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
