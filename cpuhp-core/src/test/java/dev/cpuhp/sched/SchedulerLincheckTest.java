package dev.cpuhp.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sync.Completion;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's runnable accounting under Lincheck's model checker. A waker counts the wakee
 * runnable before it signals, so the count never reads zero while a wake-up is in flight; the
 * virtual clock moves only at zero, so in no interleaving does it move while a participant
 * still has work, and a timed sleeper wakes exactly at its deadline, after everything that
 * could run has run.
 */
class SchedulerLincheckTest {
    @Test
    void aHandOffNeverLetsTheClockMove() {
        Actors.modelCheck(30, s -> {
            Completion ping = new Completion(s, "ping");
            Completion pong = new Completion(s, "pong");
            AtomicInteger finished = new AtomicInteger();
            Actors.runAll(s,
                    () -> {
                        ping.complete();
                        pong.waitForCompletion();
                        finished.incrementAndGet();
                    },
                    () -> {
                        ping.waitForCompletion();
                        pong.complete();
                        finished.incrementAndGet();
                    },
                    () -> {
                        s.sleep(1_000);
                        assertEquals(1_000, s.now(), "woken at its deadline");
                        assertEquals(2, finished.get(), "only once the hand-off was over: nothing else could run");
                    });
        });
    }

    @Test
    void aTimedWaitDoesNotExpireWhileItsWakerCanRun() {
        Actors.modelCheck(30, s -> {
            Completion done = new Completion(s, "done");
            Actors.runAll(s,
                    done::complete,
                    () -> {
                        assertTrue(done.waitForCompletionUntil(1_000), "completed before the deadline");
                        assertEquals(0, s.now(), "the clock stood still while the completer could run");
                    },
                    () -> {
                        s.sleep(500);
                        assertEquals(500, s.now());
                    });
        });
    }
}
