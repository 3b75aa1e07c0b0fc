package dev.cpuhp.sysfs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The exact bytes of every file after sequences of online, target, fail and SMT writes: the
 * booted tree is given whole, then each write's effect as the set of files it changes (and
 * their new content, or "<gone>"); any other difference fails.
 */
class ReadSequencesTest extends TreeTest {
    Map<String, String> before;

    /** Every file under /sys with its content, newlines shown as \\n; the states table aside. */
    private Map<String, String> snapshot() {
        Map<String, String> out = new TreeMap<>();
        for (String line : TreeDump.dump(tree, "/sys").split("\n")) {
            int i = line.indexOf(": ");
            String path = line.substring(0, i).replace(CPU, "CPU").replace("/sys/devices/system/node", "NODE");
            if (!path.equals("CPU/hotplug/states")) {
                out.put(path, line.substring(i + 2));
            }
        }
        return out;
    }

    /** Writes {@code value} to {@code CPU + path}; exactly the {@code changes} follow. */
    private void step(String path, String value, int ret, String changes) {
        assertEquals(ret, tree.write(CPU + path, value, "sh"), path + " <- " + value);
        Map<String, String> after = snapshot();
        StringBuilder diff = new StringBuilder();
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String k : keys) {
            if (!Objects.equals(before.get(k), after.get(k))) {
                diff.append(k).append(": ").append(after.getOrDefault(k, "<gone>")).append('\n');
            }
        }
        assertEquals(changes.strip(), diff.toString().strip(), "what " + path + " <- " + value.strip() + " changed");
        before = after;
    }

    @Test
    void afterBoot() {
        StringBuilder sb = new StringBuilder();
        snapshot().forEach((k, v) -> sb.append(k).append(": ").append(v).append('\n'));
        assertEquals(BOOTED.strip(), sb.toString().strip());
    }

    @Test
    void onlineTargetFailAndSmtSequences() {
        before = snapshot();
        step("/cpu2/online", "0\n", 2, """
                CPU/cpu0/topology/cluster_cpus: 1\\n
                CPU/cpu0/topology/cluster_cpus_list: 0\\n
                CPU/cpu0/topology/core_cpus: 1\\n
                CPU/cpu0/topology/core_cpus_list: 0\\n
                CPU/cpu0/topology/core_siblings: b\\n
                CPU/cpu0/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu0/topology/die_cpus: b\\n
                CPU/cpu0/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu0/topology/package_cpus: b\\n
                CPU/cpu0/topology/package_cpus_list: 0-1,3\\n
                CPU/cpu0/topology/thread_siblings: 1\\n
                CPU/cpu0/topology/thread_siblings_list: 0\\n
                CPU/cpu1/topology/core_siblings: b\\n
                CPU/cpu1/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu1/topology/die_cpus: b\\n
                CPU/cpu1/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu1/topology/package_cpus: b\\n
                CPU/cpu1/topology/package_cpus_list: 0-1,3\\n
                CPU/cpu2/hotplug/state: 0\\n
                CPU/cpu2/hotplug/target: 0\\n
                CPU/cpu2/online: 0\\n
                CPU/cpu2/topology/cluster_cpus: <gone>
                CPU/cpu2/topology/cluster_cpus_list: <gone>
                CPU/cpu2/topology/cluster_id: <gone>
                CPU/cpu2/topology/core_cpus: <gone>
                CPU/cpu2/topology/core_cpus_list: <gone>
                CPU/cpu2/topology/core_id: <gone>
                CPU/cpu2/topology/core_siblings: <gone>
                CPU/cpu2/topology/core_siblings_list: <gone>
                CPU/cpu2/topology/die_cpus: <gone>
                CPU/cpu2/topology/die_cpus_list: <gone>
                CPU/cpu2/topology/die_id: <gone>
                CPU/cpu2/topology/package_cpus: <gone>
                CPU/cpu2/topology/package_cpus_list: <gone>
                CPU/cpu2/topology/physical_package_id: <gone>
                CPU/cpu2/topology/thread_siblings: <gone>
                CPU/cpu2/topology/thread_siblings_list: <gone>
                CPU/cpu3/topology/core_siblings: b\\n
                CPU/cpu3/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu3/topology/die_cpus: b\\n
                CPU/cpu3/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu3/topology/package_cpus: b\\n
                CPU/cpu3/topology/package_cpus_list: 0-1,3\\n
                CPU/offline: 2\\n
                CPU/online: 0-1,3\\n
                NODE/node0/cpulist: 0-1,3\\n
                NODE/node0/cpumap: b\\n
                """);
        step("/cpu1/hotplug/target", "187\n", 4, """
                CPU/cpu1/hotplug/state: 187\\n
                CPU/cpu1/hotplug/target: 187\\n
                CPU/smt/active: 0\\n
                """);
        step("/cpu1/hotplug/target", "58\n", 3, """
                CPU/cpu0/topology/core_siblings: 9\\n
                CPU/cpu0/topology/core_siblings_list: 0,3\\n
                CPU/cpu0/topology/die_cpus: 9\\n
                CPU/cpu0/topology/die_cpus_list: 0,3\\n
                CPU/cpu0/topology/package_cpus: 9\\n
                CPU/cpu0/topology/package_cpus_list: 0,3\\n
                CPU/cpu1/hotplug/state: 58\\n
                CPU/cpu1/hotplug/target: 58\\n
                CPU/cpu1/topology/cluster_cpus: 8\\n
                CPU/cpu1/topology/cluster_cpus_list: 3\\n
                CPU/cpu1/topology/core_cpus: 8\\n
                CPU/cpu1/topology/core_cpus_list: 3\\n
                CPU/cpu1/topology/core_siblings: 9\\n
                CPU/cpu1/topology/core_siblings_list: 0,3\\n
                CPU/cpu1/topology/die_cpus: 9\\n
                CPU/cpu1/topology/die_cpus_list: 0,3\\n
                CPU/cpu1/topology/package_cpus: 9\\n
                CPU/cpu1/topology/package_cpus_list: 0,3\\n
                CPU/cpu1/topology/thread_siblings: 8\\n
                CPU/cpu1/topology/thread_siblings_list: 3\\n
                CPU/cpu3/topology/cluster_cpus: 8\\n
                CPU/cpu3/topology/cluster_cpus_list: 3\\n
                CPU/cpu3/topology/core_cpus: 8\\n
                CPU/cpu3/topology/core_cpus_list: 3\\n
                CPU/cpu3/topology/core_siblings: 9\\n
                CPU/cpu3/topology/core_siblings_list: 0,3\\n
                CPU/cpu3/topology/die_cpus: 9\\n
                CPU/cpu3/topology/die_cpus_list: 0,3\\n
                CPU/cpu3/topology/package_cpus: 9\\n
                CPU/cpu3/topology/package_cpus_list: 0,3\\n
                CPU/cpu3/topology/thread_siblings: 8\\n
                CPU/cpu3/topology/thread_siblings_list: 3\\n
                CPU/offline: 1-2\\n
                CPU/online: 0,3\\n
                NODE/node0/cpulist: 0,3\\n
                NODE/node0/cpumap: 9\\n
                """);
        step("/cpu1/hotplug/target", "236\n", 4, """
                CPU/cpu0/topology/core_siblings: b\\n
                CPU/cpu0/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu0/topology/die_cpus: b\\n
                CPU/cpu0/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu0/topology/package_cpus: b\\n
                CPU/cpu0/topology/package_cpus_list: 0-1,3\\n
                CPU/cpu1/hotplug/state: 236\\n
                CPU/cpu1/hotplug/target: 236\\n
                CPU/cpu1/topology/cluster_cpus: a\\n
                CPU/cpu1/topology/cluster_cpus_list: 1,3\\n
                CPU/cpu1/topology/core_cpus: a\\n
                CPU/cpu1/topology/core_cpus_list: 1,3\\n
                CPU/cpu1/topology/core_siblings: b\\n
                CPU/cpu1/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu1/topology/die_cpus: b\\n
                CPU/cpu1/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu1/topology/package_cpus: b\\n
                CPU/cpu1/topology/package_cpus_list: 0-1,3\\n
                CPU/cpu1/topology/thread_siblings: a\\n
                CPU/cpu1/topology/thread_siblings_list: 1,3\\n
                CPU/cpu3/topology/cluster_cpus: a\\n
                CPU/cpu3/topology/cluster_cpus_list: 1,3\\n
                CPU/cpu3/topology/core_cpus: a\\n
                CPU/cpu3/topology/core_cpus_list: 1,3\\n
                CPU/cpu3/topology/core_siblings: b\\n
                CPU/cpu3/topology/core_siblings_list: 0-1,3\\n
                CPU/cpu3/topology/die_cpus: b\\n
                CPU/cpu3/topology/die_cpus_list: 0-1,3\\n
                CPU/cpu3/topology/package_cpus: b\\n
                CPU/cpu3/topology/package_cpus_list: 0-1,3\\n
                CPU/cpu3/topology/thread_siblings: a\\n
                CPU/cpu3/topology/thread_siblings_list: 1,3\\n
                CPU/offline: 2\\n
                CPU/online: 0-1,3\\n
                CPU/smt/active: 1\\n
                NODE/node0/cpulist: 0-1,3\\n
                NODE/node0/cpumap: b\\n
                """);
        step("/cpu3/hotplug/fail", "149\n", 4, """
                CPU/cpu3/hotplug/fail: 149\\n
                """);
        step("/cpu3/online", "0\n", -11, """
                CPU/cpu3/hotplug/fail: -1\\n
                """);
        step("/smt/control", "off\n", 4, """
                CPU/cpu0/topology/core_siblings: 3\\n
                CPU/cpu0/topology/core_siblings_list: 0-1\\n
                CPU/cpu0/topology/die_cpus: 3\\n
                CPU/cpu0/topology/die_cpus_list: 0-1\\n
                CPU/cpu0/topology/package_cpus: 3\\n
                CPU/cpu0/topology/package_cpus_list: 0-1\\n
                CPU/cpu1/topology/cluster_cpus: 2\\n
                CPU/cpu1/topology/cluster_cpus_list: 1\\n
                CPU/cpu1/topology/core_cpus: 2\\n
                CPU/cpu1/topology/core_cpus_list: 1\\n
                CPU/cpu1/topology/core_siblings: 3\\n
                CPU/cpu1/topology/core_siblings_list: 0-1\\n
                CPU/cpu1/topology/die_cpus: 3\\n
                CPU/cpu1/topology/die_cpus_list: 0-1\\n
                CPU/cpu1/topology/package_cpus: 3\\n
                CPU/cpu1/topology/package_cpus_list: 0-1\\n
                CPU/cpu1/topology/thread_siblings: 2\\n
                CPU/cpu1/topology/thread_siblings_list: 1\\n
                CPU/cpu3/hotplug/state: 0\\n
                CPU/cpu3/hotplug/target: 0\\n
                CPU/cpu3/online: 0\\n
                CPU/cpu3/topology/cluster_cpus: <gone>
                CPU/cpu3/topology/cluster_cpus_list: <gone>
                CPU/cpu3/topology/cluster_id: <gone>
                CPU/cpu3/topology/core_cpus: <gone>
                CPU/cpu3/topology/core_cpus_list: <gone>
                CPU/cpu3/topology/core_id: <gone>
                CPU/cpu3/topology/core_siblings: <gone>
                CPU/cpu3/topology/core_siblings_list: <gone>
                CPU/cpu3/topology/die_cpus: <gone>
                CPU/cpu3/topology/die_cpus_list: <gone>
                CPU/cpu3/topology/die_id: <gone>
                CPU/cpu3/topology/package_cpus: <gone>
                CPU/cpu3/topology/package_cpus_list: <gone>
                CPU/cpu3/topology/physical_package_id: <gone>
                CPU/cpu3/topology/thread_siblings: <gone>
                CPU/cpu3/topology/thread_siblings_list: <gone>
                CPU/offline: 2-3\\n
                CPU/online: 0-1\\n
                CPU/smt/active: 0\\n
                CPU/smt/control: off\\n
                NODE/node0/cpulist: 0-1\\n
                NODE/node0/cpumap: 3\\n
                """);
        step("/smt/control", "on\n", 3, """
                CPU/cpu0/topology/cluster_cpus: 5\\n
                CPU/cpu0/topology/cluster_cpus_list: 0,2\\n
                CPU/cpu0/topology/core_cpus: 5\\n
                CPU/cpu0/topology/core_cpus_list: 0,2\\n
                CPU/cpu0/topology/core_siblings: f\\n
                CPU/cpu0/topology/core_siblings_list: 0-3\\n
                CPU/cpu0/topology/die_cpus: f\\n
                CPU/cpu0/topology/die_cpus_list: 0-3\\n
                CPU/cpu0/topology/package_cpus: f\\n
                CPU/cpu0/topology/package_cpus_list: 0-3\\n
                CPU/cpu0/topology/thread_siblings: 5\\n
                CPU/cpu0/topology/thread_siblings_list: 0,2\\n
                CPU/cpu1/topology/cluster_cpus: a\\n
                CPU/cpu1/topology/cluster_cpus_list: 1,3\\n
                CPU/cpu1/topology/core_cpus: a\\n
                CPU/cpu1/topology/core_cpus_list: 1,3\\n
                CPU/cpu1/topology/core_siblings: f\\n
                CPU/cpu1/topology/core_siblings_list: 0-3\\n
                CPU/cpu1/topology/die_cpus: f\\n
                CPU/cpu1/topology/die_cpus_list: 0-3\\n
                CPU/cpu1/topology/package_cpus: f\\n
                CPU/cpu1/topology/package_cpus_list: 0-3\\n
                CPU/cpu1/topology/thread_siblings: a\\n
                CPU/cpu1/topology/thread_siblings_list: 1,3\\n
                CPU/cpu2/hotplug/state: 236\\n
                CPU/cpu2/hotplug/target: 236\\n
                CPU/cpu2/online: 1\\n
                CPU/cpu2/topology/cluster_cpus: 5\\n
                CPU/cpu2/topology/cluster_cpus_list: 0,2\\n
                CPU/cpu2/topology/cluster_id: 0\\n
                CPU/cpu2/topology/core_cpus: 5\\n
                CPU/cpu2/topology/core_cpus_list: 0,2\\n
                CPU/cpu2/topology/core_id: 0\\n
                CPU/cpu2/topology/core_siblings: f\\n
                CPU/cpu2/topology/core_siblings_list: 0-3\\n
                CPU/cpu2/topology/die_cpus: f\\n
                CPU/cpu2/topology/die_cpus_list: 0-3\\n
                CPU/cpu2/topology/die_id: 0\\n
                CPU/cpu2/topology/package_cpus: f\\n
                CPU/cpu2/topology/package_cpus_list: 0-3\\n
                CPU/cpu2/topology/physical_package_id: 0\\n
                CPU/cpu2/topology/thread_siblings: 5\\n
                CPU/cpu2/topology/thread_siblings_list: 0,2\\n
                CPU/cpu3/hotplug/state: 236\\n
                CPU/cpu3/hotplug/target: 236\\n
                CPU/cpu3/online: 1\\n
                CPU/cpu3/topology/cluster_cpus: a\\n
                CPU/cpu3/topology/cluster_cpus_list: 1,3\\n
                CPU/cpu3/topology/cluster_id: 1\\n
                CPU/cpu3/topology/core_cpus: a\\n
                CPU/cpu3/topology/core_cpus_list: 1,3\\n
                CPU/cpu3/topology/core_id: 1\\n
                CPU/cpu3/topology/core_siblings: f\\n
                CPU/cpu3/topology/core_siblings_list: 0-3\\n
                CPU/cpu3/topology/die_cpus: f\\n
                CPU/cpu3/topology/die_cpus_list: 0-3\\n
                CPU/cpu3/topology/die_id: 0\\n
                CPU/cpu3/topology/package_cpus: f\\n
                CPU/cpu3/topology/package_cpus_list: 0-3\\n
                CPU/cpu3/topology/physical_package_id: 0\\n
                CPU/cpu3/topology/thread_siblings: a\\n
                CPU/cpu3/topology/thread_siblings_list: 1,3\\n
                CPU/offline: \\n
                CPU/online: 0-3\\n
                CPU/smt/active: 1\\n
                CPU/smt/control: on\\n
                NODE/node0/cpulist: 0-3\\n
                NODE/node0/cpumap: f\\n
                """);
    }

    @Test
    void theStatesTableIsLinux618s() {
        assertEquals(ReferenceStates.LIVE_6_18, tree.read(CPU + "/hotplug/states").content());
    }

    static final String BOOTED = """
            CPU/cpu0/hotplug/fail: -1\\n
            CPU/cpu0/hotplug/state: 236\\n
            CPU/cpu0/hotplug/target: 236\\n
            CPU/cpu0/topology/cluster_cpus: 5\\n
            CPU/cpu0/topology/cluster_cpus_list: 0,2\\n
            CPU/cpu0/topology/cluster_id: 0\\n
            CPU/cpu0/topology/core_cpus: 5\\n
            CPU/cpu0/topology/core_cpus_list: 0,2\\n
            CPU/cpu0/topology/core_id: 0\\n
            CPU/cpu0/topology/core_siblings: f\\n
            CPU/cpu0/topology/core_siblings_list: 0-3\\n
            CPU/cpu0/topology/die_cpus: f\\n
            CPU/cpu0/topology/die_cpus_list: 0-3\\n
            CPU/cpu0/topology/die_id: 0\\n
            CPU/cpu0/topology/package_cpus: f\\n
            CPU/cpu0/topology/package_cpus_list: 0-3\\n
            CPU/cpu0/topology/physical_package_id: 0\\n
            CPU/cpu0/topology/thread_siblings: 5\\n
            CPU/cpu0/topology/thread_siblings_list: 0,2\\n
            CPU/cpu1/hotplug/fail: -1\\n
            CPU/cpu1/hotplug/state: 236\\n
            CPU/cpu1/hotplug/target: 236\\n
            CPU/cpu1/online: 1\\n
            CPU/cpu1/topology/cluster_cpus: a\\n
            CPU/cpu1/topology/cluster_cpus_list: 1,3\\n
            CPU/cpu1/topology/cluster_id: 1\\n
            CPU/cpu1/topology/core_cpus: a\\n
            CPU/cpu1/topology/core_cpus_list: 1,3\\n
            CPU/cpu1/topology/core_id: 1\\n
            CPU/cpu1/topology/core_siblings: f\\n
            CPU/cpu1/topology/core_siblings_list: 0-3\\n
            CPU/cpu1/topology/die_cpus: f\\n
            CPU/cpu1/topology/die_cpus_list: 0-3\\n
            CPU/cpu1/topology/die_id: 0\\n
            CPU/cpu1/topology/package_cpus: f\\n
            CPU/cpu1/topology/package_cpus_list: 0-3\\n
            CPU/cpu1/topology/physical_package_id: 0\\n
            CPU/cpu1/topology/thread_siblings: a\\n
            CPU/cpu1/topology/thread_siblings_list: 1,3\\n
            CPU/cpu2/hotplug/fail: -1\\n
            CPU/cpu2/hotplug/state: 236\\n
            CPU/cpu2/hotplug/target: 236\\n
            CPU/cpu2/online: 1\\n
            CPU/cpu2/topology/cluster_cpus: 5\\n
            CPU/cpu2/topology/cluster_cpus_list: 0,2\\n
            CPU/cpu2/topology/cluster_id: 0\\n
            CPU/cpu2/topology/core_cpus: 5\\n
            CPU/cpu2/topology/core_cpus_list: 0,2\\n
            CPU/cpu2/topology/core_id: 0\\n
            CPU/cpu2/topology/core_siblings: f\\n
            CPU/cpu2/topology/core_siblings_list: 0-3\\n
            CPU/cpu2/topology/die_cpus: f\\n
            CPU/cpu2/topology/die_cpus_list: 0-3\\n
            CPU/cpu2/topology/die_id: 0\\n
            CPU/cpu2/topology/package_cpus: f\\n
            CPU/cpu2/topology/package_cpus_list: 0-3\\n
            CPU/cpu2/topology/physical_package_id: 0\\n
            CPU/cpu2/topology/thread_siblings: 5\\n
            CPU/cpu2/topology/thread_siblings_list: 0,2\\n
            CPU/cpu3/hotplug/fail: -1\\n
            CPU/cpu3/hotplug/state: 236\\n
            CPU/cpu3/hotplug/target: 236\\n
            CPU/cpu3/online: 1\\n
            CPU/cpu3/topology/cluster_cpus: a\\n
            CPU/cpu3/topology/cluster_cpus_list: 1,3\\n
            CPU/cpu3/topology/cluster_id: 1\\n
            CPU/cpu3/topology/core_cpus: a\\n
            CPU/cpu3/topology/core_cpus_list: 1,3\\n
            CPU/cpu3/topology/core_id: 1\\n
            CPU/cpu3/topology/core_siblings: f\\n
            CPU/cpu3/topology/core_siblings_list: 0-3\\n
            CPU/cpu3/topology/die_cpus: f\\n
            CPU/cpu3/topology/die_cpus_list: 0-3\\n
            CPU/cpu3/topology/die_id: 0\\n
            CPU/cpu3/topology/package_cpus: f\\n
            CPU/cpu3/topology/package_cpus_list: 0-3\\n
            CPU/cpu3/topology/physical_package_id: 0\\n
            CPU/cpu3/topology/thread_siblings: a\\n
            CPU/cpu3/topology/thread_siblings_list: 1,3\\n
            CPU/enabled: 0-3\\n
            CPU/isolated: \\n
            CPU/kernel_max: 8191\\n
            CPU/offline: \\n
            CPU/online: 0-3\\n
            CPU/possible: 0-3\\n
            CPU/present: 0-3\\n
            CPU/smt/active: 1\\n
            CPU/smt/control: on\\n
            NODE/has_cpu: 0\\n
            NODE/has_memory: 0\\n
            NODE/has_normal_memory: 0\\n
            NODE/node0/cpulist: 0-3\\n
            NODE/node0/cpumap: f\\n
            NODE/online: 0\\n
            NODE/possible: 0\\n
            """;
}
