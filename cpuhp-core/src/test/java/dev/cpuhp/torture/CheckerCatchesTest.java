package dev.cpuhp.torture;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sync.Completion;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Each rule of the checker, broken on purpose: a checker that never fails proves nothing. Every
 * run here plants one bug in an otherwise sound machine and expects that rule to report it.
 */
class CheckerCatchesTest {
    private static TortureReport tortured(long ops, Consumer<Machine> plant) {
        return Torture.run(TortureSpec.ops(ops, 3).withStallMillis(10_000), n -> { }, plant);
    }

    private static boolean reported(TortureReport r, String rule) {
        return r.violations().stream().anyMatch(v -> v.rule().equals(rule));
    }

    @Test
    void aWalkerThatSkipsOneTeardownBreaksBalance() {
        TortureReport r = tortured(400, m -> m.hotplug().plantedBugs()
                .skipTeardownAt(m.states().find("workqueue:online").orElseThrow()));
        assertTrue(reported(r, "balance") || reported(r, "order"), TortureTest.describe(r));
        TortureReport again = tortured(400, m -> m.hotplug().plantedBugs()
                .skipTeardownAt(m.states().find("workqueue:online").orElseThrow()));
        assertEquals(r.violations().get(0), again.violations().get(0), "the same violation at the same operation");
        assertEquals(r.digest(), again.digest());
        assertTrue(r.replay().startsWith("cpuhp torture --seed 3 --ops "), r.replay());
    }

    @Test
    void aReadLockThatExcludesNothingLetsTheMaskChange() {
        TortureReport r = tortured(600, m -> m.hotplug().plantedBugs().readLockExcludesNothing());
        assertTrue(reported(r, "read-lock"), TortureTest.describe(r));
    }

    @Test
    void aCallbackThatClearsTheActiveBitBreaksTheStateRule() {
        TortureReport r = tortured(300, m -> m.hotplug().setupState(AP_ONLINE_DYN, "planted:inactive",
                cpu -> {
                    m.masks().setActive(cpu, false);
                    return 0;
                }, cpu -> 0));
        assertTrue(reported(r, "state"), TortureTest.describe(r));
    }

    @Test
    void anErrnoTheKernelNeverGivesForAnOperationIsReported() {
        TortureReport r = tortured(300, m -> m.hotplug().setupStateNocalls(AP_ONLINE_DYN, "planted:efault",
                cpu -> Errno.EFAULT.ret(), cpu -> 0));
        assertTrue(r.violations().stream().anyMatch(v -> v.rule().equals("errno") && v.detail().contains("EFAULT")),
                TortureTest.describe(r));
    }

    @Test
    void anOperationThatTakesTooLongBreaksLiveness() {
        TortureReport r = tortured(200, m -> m.hotplug().setupStateNocalls(AP_ONLINE_DYN, "planted:slow",
                cpu -> {
                    m.scheduler().sleep(60_000_000_000L);
                    return 0;
                }, cpu -> 0));
        assertTrue(reported(r, "liveness"), TortureTest.describe(r));
    }

    @Test
    void aCallbackThatWaitsForeverIsAStallReportedNotAHang() {
        TortureReport r = tortured(200, m -> {
            Completion never = new Completion(m.scheduler(), "planted: never completed");
            m.hotplug().setupStateNocalls(AP_ONLINE_DYN, "planted:forever", cpu -> {
                never.waitForCompletion();
                return 0;
            }, cpu -> 0);
        });
        assertFalse(r.passed());
        assertEquals(1, r.stalls().size(), TortureTest.describe(r));
        String stall = r.stalls().get(0);
        assertTrue(stall.contains("planted: never completed") && stall.contains("CPU 0   state"), stall);
    }
}
