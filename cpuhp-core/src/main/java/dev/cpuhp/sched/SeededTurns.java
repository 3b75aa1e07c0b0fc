package dev.cpuhp.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scheduler's deterministic policy: one participant runs at a time, and which of the ready
 * ones runs next is drawn from a seeded generator, as FoundationDB's simulator and TigerBeetle's
 * VOPR do. With the virtual clock, a run is then a pure function of its seed and its inputs: the
 * same interleaving of simulated tasks, the same trace, on any host.
 *
 * <h2>Implementation notes</h2>
 * Guarded by the scheduler's lock, like every blocking field of {@link Task}:
 * <ul>
 *   <li>{@code running} is the one task holding the turn, or null between a release and the
 *       next dispatch. Only it executes engine code; every other live participant is either
 *       blocked, or runnable and waiting in {@code ready} for its turn.</li>
 *   <li>A task joins {@code ready} when it becomes runnable (spawned, attached, woken, timed
 *       out) and leaves it only by being dispatched, so {@code ready} holds no task twice.</li>
 *   <li>The holder gives up the turn only by blocking, detaching or exiting. The order of
 *       {@code ready} is the order the holder made tasks runnable (or the scheduler's
 *       (deadline, seq) order for timeouts): both depend only on what ran before, never on the
 *       host's thread timing, which is what makes the draw reproducible.</li>
 *   <li>Foreign threads that attach on their own are a source of host timing the policy cannot
 *       order: a deterministic run enters the machine from one thread and spawns the rest.</li>
 * </ul>
 */
final class SeededTurns {
    private final SplittableRandom rng;
    private final List<Task> ready = new ArrayList<>();
    private Task running;
    private long dispatches;

    SeededTurns(long seed) {
        this.rng = new SplittableRandom(seed);
    }

    /** {@code t} became runnable: it waits for its turn. */
    void enqueue(Task t) {
        t.turn = false;
        ready.add(t);
    }

    /** {@code t} stops running (blocks, detaches or exits): the turn is free again. */
    void release(Task t) {
        t.turn = false;
        if (running == t) {
            running = null;
        }
        ready.remove(t);
    }

    /** If nobody holds the turn, gives it to a ready task drawn by the generator. */
    void dispatch() {
        if (running != null || ready.isEmpty()) {
            return;
        }
        Task next = ready.remove(ready.size() == 1 ? 0 : rng.nextInt(ready.size()));
        running = next;
        next.turn = true;
        dispatches++;
        next.wakeup.signal();
    }

    /** Hand-offs so far: a measure of how much interleaving a run explored. */
    long dispatches() {
        return dispatches;
    }
}
