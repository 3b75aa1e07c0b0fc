package dev.cpuhp.torture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every injectable failure, both ways, on both kinds of thread, and at every registration position. */
class FaultSweepTest {
    @Test
    void everyScenarioReturnsToWhereItWasBalanced() {
        FaultSweep.Result r = FaultSweep.run("laptop-4t", 1);
        assertTrue(r.ok(), r.scenarios() + " scenarios, " + r.passed() + " passed\n" + r.violations());
        assertTrue(r.scenarios() > 100, "scenarios: " + r.scenarios());
        System.out.println("sweep: " + r.scenarios() + " scenarios, " + r.passed() + " passed");
    }
}
