package dev.cpuhp.sysfs;

import static dev.cpuhp.state.CpuhpState.OFFLINE;
import static dev.cpuhp.state.CpuhpState.ONLINE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.Machine;
import dev.cpuhp.trace.TraceEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Writers on different CPUs' files at the same time: the kernel serialises them
 * (device_hotplug_lock, then cpu_add_remove_lock), so transitions never interleave and no
 * CPU's state is ever corrupted.
 */
class ConcurrentWritersTest {
    static final String CPU = "/sys/devices/system/cpu";
    static final int ROUNDS = 12;

    @RepeatedTest(8)
    void writersOnDifferentCpusSerialise() throws Exception {
        try (Machine m = Machine.builder().ideal(1, 4, 2).boot()) {
            SysfsTree tree = new SysfsTree(m);
            m.tracer().clear();
            List<Future<Integer>> writers = new ArrayList<>();
            try (ExecutorService pool = Executors.newFixedThreadPool(7)) {
                for (int cpu = 1; cpu < 8; cpu++) {
                    int c = cpu;
                    writers.add(pool.submit(() -> {
                        int done = 0;
                        for (int round = 0; round < ROUNDS; round++) {
                            // CPUs 1-3 through online, 4-7 through hotplug/target; one file per CPU, since a
                            // target write leaves the device core's online flag stale (as Linux does)
                            String path = CPU + "/cpu" + c + (c >= 4 ? "/hotplug/target" : "/online");
                            boolean down = round % 2 == 0;
                            String value = path.endsWith("target") ? (down ? "0\n" : "236\n") : (down ? "0\n" : "1\n");
                            // a task name per write: the trace then tells the writes apart
                            int ret = tree.write(path, value, "w" + c + "." + round);
                            assertEquals(value.length(), ret, () -> path + " <- " + value.strip() + ": state "
                                    + m.hotplug().state(c).state() + ", online " + m.masks().online().toList()
                                    + "\n" + String.join("\n", m.log().lines()));
                            done++;
                        }
                        return done;
                    }));
                }
                for (Future<Integer> w : writers) {
                    assertEquals(ROUNDS, w.get());
                }
            }
            // every CPU ends where its last write put it, and everything agrees with that
            for (int cpu = 1; cpu < 8; cpu++) {
                int expected = (ROUNDS - 1) % 2 == 0 ? OFFLINE : ONLINE;
                assertEquals(expected, m.hotplug().state(cpu).state(), "CPU " + cpu);
                assertEquals(expected, m.hotplug().state(cpu).target(), "CPU " + cpu);
                assertEquals(expected == ONLINE, m.masks().isOnline(cpu), "CPU " + cpu);
                assertEquals(expected == ONLINE, m.masks().isActive(cpu), "CPU " + cpu);
            }
            assertTrue(m.log().lines().stream().noneMatch(l -> l.contains("WARNING") || l.contains("BUG")),
                    String.join("\n", m.log().lines()));
            // transitions never interleaved: the control side of each write is one unbroken run
            assertEquals(7 * ROUNDS, runs(m.tracer().snapshot()), "one contiguous run of events per write");
        }
    }

    /**
     * Maximal runs of consecutive hotplug events of the control side, by task and CPU: a bringup's
     * control side is its writer, a teardown's the kworker {@code cpu_down()} hands it to, and the
     * writes of one CPU alternate between the two.
     */
    private static int runs(List<TraceEvent> events) {
        int runs = 0;
        String last = null;
        for (TraceEvent e : events) {
            int cpu = e instanceof TraceEvent.CpuhpEnter x ? x.cpu() : e instanceof TraceEvent.CpuhpExit x ? x.cpu() : -1;
            String comm = e.ctx().comm();
            String key = comm + " for CPU " + cpu;
            if (cpu >= 0 && (comm.startsWith("w") || comm.startsWith("kworker/")) && !key.equals(last)) {
                runs++;
                last = key;
            }
        }
        return runs;
    }
}
