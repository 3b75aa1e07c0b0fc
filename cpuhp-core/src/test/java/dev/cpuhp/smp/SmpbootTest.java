package dev.cpuhp.smp;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.OnMachine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-CPU threads: created parked at {@code threads:prepare}, unparked at
 * {@code smpboot/threads:online}, parked on the way down, and running their work on their CPU.
 */
class SmpbootTest extends OnMachine {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    final AtomicBoolean work = new AtomicBoolean();

    final PercpuThread worker = new PercpuThread() {
        public String name(int cpu) {
            return "worker/" + cpu;
        }

        public boolean shouldRun(int cpu) {
            return cpu == 1 && work.get();
        }

        public void run(int cpu) {
            work.set(false);
            events.add("run " + cpu + " on " + m.scheduler().current().comm() + "[" + m.scheduler().current().cpu() + "]");
        }

        public void setup(int cpu) {
            events.add("setup " + cpu);
        }

        public void park(int cpu) {
            events.add("park " + cpu);
        }

        public void unpark(int cpu) {
            events.add("unpark " + cpu);
        }
    };

    @BeforeEach
    void setUp() {
        assertEquals(0, hp.cpuDown(3));
    }


    @Test
    void registrationStartsTheThreadOnEveryOnlineCpu() {
        assertEquals(0, hp.registerPercpuThread(worker));
        m.settle();
        assertEquals(List.of("setup 0", "setup 1", "setup 2"), events.stream().sorted().toList());
        assertNull(hp.percpuThread(worker, 3), "none for the offline CPU yet");
    }

    @Test
    void threadsFollowTheirCpuThroughTheStateMachine() {
        assertEquals(0, hp.registerPercpuThread(worker));
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        hp.setupState(BP_PREPARE_DYN, "test:after-threads-prepare", cpu -> {
            KThread k = hp.percpuThread(worker, cpu);
            seen.add("prepare: " + (k == null ? "none" : k.isParked() ? "parked" : "running"));
            return 0;
        }, null);
        hp.setupState(AP_ONLINE_DYN, "test:after-smpboot-online", cpu -> {
            seen.add("online: " + (hp.percpuThread(worker, cpu).shouldPark() ? "parked" : "running"));
            return 0;
        }, null);
        seen.clear();
        events.clear();
        assertEquals(0, hp.cpuUp(3));
        m.settle();
        assertEquals(List.of("prepare: parked", "online: running"), seen);
        assertEquals(List.of("setup 3"), events);
        events.clear();
        assertEquals(0, hp.cpuDown(3));
        assertTrue(hp.percpuThread(worker, 3).isParked());
        assertEquals(List.of("park 3"), events);
        events.clear();
        assertEquals(0, hp.cpuUp(3));
        m.settle();
        assertEquals(List.of("unpark 3"), events);
        assertFalse(hp.percpuThread(worker, 3).isParked());
    }

    @Test
    void aThreadRunsItsWorkOnItsCpu() {
        assertEquals(0, hp.registerPercpuThread(worker));
        m.settle();
        events.clear();
        work.set(true);
        KThread k = hp.percpuThread(worker, 1);
        assertNotNull(k);
        k.wakeUp();
        m.settle();
        assertEquals(List.of("run 1 on worker/1[1]"), events);
    }
}
