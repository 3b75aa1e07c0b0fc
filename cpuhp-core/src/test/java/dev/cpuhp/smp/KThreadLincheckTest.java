package dev.cpuhp.smp;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sched.Actors;
import org.junit.jupiter.api.Test;

/**
 * The kthread park protocol under Lincheck's model checker: in every interleaving of a control
 * task that parks, unparks and parks again, the thread's own body, and a third task that wakes
 * the thread at any moment, each {@code kthread_park()} returns with the thread parked, and
 * nothing deadlocks. Against the {@code parkme()} that completed {@code parked} only on entry
 * (issue 7, bug 2) the model checker finds the deadlock in its first interleavings: the
 * second park waits for a completion that never comes, which the scheduler reports.
 */
class KThreadLincheckTest {
    @Test
    void everyParkReturnsWithTheThreadParked() {
        Actors.modelCheck(40, s -> {
            KThread k = new KThread(s, "k/1", 1);
            Actors.runAll(s,
                    () -> {
                        k.park();
                        assertTrue(k.isParked(), "first park");
                        k.unpark();
                        k.park();
                        assertTrue(k.isParked(), "park right after unpark");
                        k.stop();
                    },
                    () -> {
                        while (!k.shouldStop()) { // smpboot_thread_fn() with no work
                            if (k.shouldPark()) {
                                k.parkme();
                            } else {
                                k.sleepUntilWoken();
                            }
                        }
                    },
                    k::wakeUp);
        });
    }
}
