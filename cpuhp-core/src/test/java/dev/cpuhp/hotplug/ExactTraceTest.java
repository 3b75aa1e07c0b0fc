package dev.cpuhp.hotplug;

import static dev.cpuhp.state.CpuhpState.AP_ONLINE_DYN;
import static dev.cpuhp.state.CpuhpState.BP_PREPARE_DYN;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cpuhp.Machine;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.trace.FtraceWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The exact trace of a teardown and a bringup of CPU 1 on a minimal 2-CPU table plus three
 * test states (a PREPARE, a STARTING and an ONLINE one), in the kernel's text format. As in the
 * kernel, the STARTING and DYING steps and the dying CPU's idle-dead IPI are not in it (they run
 * on a CPU outside the online mask, where tracepoints do not fire), and the control side of the
 * teardown is CPU 0's kworker.
 *
 * <p>Each task's lines must appear exactly and in this order; lines of different tasks may
 * interleave differently (CPU 0's IPI handler and the control task both run "on CPU 0" here),
 * so the comparison is per task. Pids are masked.
 */
class ExactTraceTest {
    static final String EXPECTED = """
                kworker/0:0-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target: 144 step: 236 (cpuhp_kick_ap_work)
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_enter: cpu: 0001 target: 144 step: 235 (sched_cpu_deactivate)
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_exit:  cpu: 0001  state: 234 step: 235 ret: 0
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_enter: cpu: 0001 target: 144 step: 192 (test_online_teardown)
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_exit:  cpu: 0001  state: 191 step: 192 ret: 0
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_enter: cpu: 0001 target: 144 step: 149 (smpboot_park_threads)
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_exit:  cpu: 0001  state: 148 step: 149 ret: 0
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_enter: cpu: 0001 target: 144 step: 148 (sched_cpu_wait_empty)
                    cpuhp/1-P       [001] .....     0.000010: cpuhp_exit:  cpu: 0001  state: 147 step: 148 ret: 0
                kworker/0:0-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state: 144 step: 236 ret: 0
                kworker/0:0-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target:   0 step: 144 (takedown_cpu)
                  swapper/0-P       [000] d....     0.000010: csd_function_entry: func=cpuhp_complete_idle_dead, csd=C
                  swapper/0-P       [000] d....     0.000010: csd_function_exit: func=cpuhp_complete_idle_dead, csd=C
                kworker/0:0-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:  84 step: 144 ret: 0
                kworker/0:0-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target:   0 step:  83 (finish_cpu)
                kworker/0:0-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:  82 step:  83 ret: 0
                kworker/0:0-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target:   0 step:  61 (test_prepare_teardown)
                kworker/0:0-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:  60 step:  61 ret: 0
                       bash-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target: 236 step:   1 (smpboot_create_threads)
                       bash-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:   1 step:   1 ret: 0
                       bash-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target: 236 step:  61 (test_prepare_startup)
                       bash-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:  61 step:  61 ret: 0
                       bash-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target: 236 step:  82 (cpuhp_kick_ap_alive)
                       bash-P       [000] .....     0.000010: cpuhp_exit:  cpu: 0001  state:  82 step:  82 ret: 0
                       bash-P       [000] .....     0.000010: cpuhp_enter: cpu: 0001 target: 236 step:  83 (cpuhp_bringup_ap)
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_enter: cpu: 0001 target: 236 step: 149 (smpboot_unpark_threads)
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_exit:  cpu: 0001  state: 149 step: 149 ret: 0
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_enter: cpu: 0001 target: 236 step: 192 (test_online_startup)
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_exit:  cpu: 0001  state: 192 step: 192 ret: 0
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_enter: cpu: 0001 target: 236 step: 235 (sched_cpu_activate)
                    cpuhp/1-P       [001] .....     0.000020: cpuhp_exit:  cpu: 0001  state: 235 step: 235 ret: 0
                       bash-P       [000] .....     0.000020: cpuhp_exit:  cpu: 0001  state: 236 step:  83 ret: 0
            """;

    @Test
    void teardownAndBringupOfASmallTable() {
        HardwareProfile p = HardwareProfile.parse("topology = 1x2x1\nap.alive_us = 10\n", "test");
        try (Machine m = Machine.builder().profile(p).minimalTable().boot()) {
            Hotplug hp = m.hotplug();
            hp.setupState(BP_PREPARE_DYN, "test:prepare", c -> 0, c -> 0);
            hp.setupState(89, "test:starting", c -> 0, c -> 0);
            hp.setupState(AP_ONLINE_DYN, "test:online", c -> 0, c -> 0);
            m.tracer().clear();
            assertEquals(0, m.runAs("bash", 0, () -> hp.cpuDown(1)));
            assertEquals(0, m.runAs("bash", 0, () -> hp.cpuUp(1)));
            String actual = m.tracer().snapshot().stream()
                    .map(e -> FtraceWriter.line(e).orElse("")).collect(Collectors.joining());
            assertEquals(byTask(EXPECTED.lines().toList()), byTask(actual.lines().toList()));
        }
    }

    /** Lines grouped by task name, pids and csd pointers masked, each group in its order. */
    static Map<String, List<String>> byTask(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String line : lines) {
            String masked = line.strip().replaceFirst("-\\d+\\s+\\[", "-P       [").replaceAll("csd=[0-9a-f]{16}", "csd=C");
            String task = masked.substring(0, masked.indexOf("-P"));
            out.computeIfAbsent(task, k -> new java.util.ArrayList<>()).add(masked);
        }
        return new java.util.TreeMap<>(out);
    }
}
