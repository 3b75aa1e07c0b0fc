package dev.cpuhp.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sched.Actors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code struct completion} under Lincheck's model checker: each {@code complete()} releases
 * exactly one wait, whichever comes first; {@code complete_all()} releases every wait until
 * {@code reinit_completion()}, after which a wait blocks again (and times out at its deadline).
 */
class CompletionLincheckTest {
    @Test
    void oneCompleteReleasesExactlyOneWait() {
        Actors.modelCheck(30, s -> {
            Completion c = new Completion(s, "c");
            AtomicInteger released = new AtomicInteger();
            Actors.Body waiter = () -> {
                if (c.waitForCompletionUntil(1_000)) {
                    released.incrementAndGet();
                } else {
                    assertEquals(1_000, s.now(), "timed out at its deadline");
                }
            };
            Actors.runAll(s, c::complete, waiter, waiter);
            assertEquals(1, released.get(), "one complete(), two waits: exactly one released");
            assertFalse(c.isDone());
        });
    }

    @Test
    void completeAllReleasesEveryWaitUntilReinit() {
        Actors.modelCheck(30, s -> {
            Completion c = new Completion(s, "c");
            Actors.runAll(s,
                    c::completeAll,
                    () -> {
                        c.waitForCompletion();
                        c.waitForCompletion();
                    },
                    c::waitForCompletion);
            assertTrue(c.isDone(), "complete_all() is not used up by waits");
            c.reinit();
            assertFalse(c.isDone());
            Actors.runAll(s, () -> {
                assertFalse(c.waitForCompletionUntil(1_000), "reinitialised: nothing completes it");
                assertEquals(1_000, s.now());
            });
        });
    }
}
