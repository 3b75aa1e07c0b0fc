package dev.cpuhp.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A watched run reports counters that only grow, and stops early when its watcher asks. */
class TortureWatchTest {
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aWatchedRunStopsWhenAskedWithItsCountersSoFar() {
        List<TortureWatch.Live> seen = new CopyOnWriteArrayList<>();
        long budget = 10_000_000;
        TortureReport r = Torture.runWatched(TortureSpec.ops(budget, 11), new TortureWatch() {
            @Override
            public void progress(Live live) {
                seen.add(live);
            }

            @Override
            public boolean stopRequested() {
                return seen.size() >= 2;
            }
        });
        assertTrue(seen.size() >= 2, "reported " + seen.size() + " times");
        assertTrue(r.ops() + r.skipped() < budget, "stopped early: " + r.ops());
        for (int i = 1; i < seen.size(); i++) {
            TortureWatch.Live a = seen.get(i - 1);
            TortureWatch.Live b = seen.get(i);
            assertTrue(b.ops() >= a.ops() && b.callbacks() >= a.callbacks() && b.rollbacks() >= a.rollbacks(),
                    "counters only grow: " + a + " then " + b);
        }
        TortureWatch.Live last = seen.get(seen.size() - 1);
        assertTrue(last.ops() <= r.ops() + r.skipped(), "the last report " + last.ops() + " within the run's " + r.ops());
        long resultsSum = last.results().values().stream().mapToLong(Long::longValue).sum();
        assertTrue(resultsSum <= last.ops(), "results count operations done: " + last.results());
    }
}
