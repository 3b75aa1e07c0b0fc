package dev.cpuhp.sysfs;

import static dev.cpuhp.sysfs.Node.dir;
import static dev.cpuhp.sysfs.Node.ro;

import dev.cpuhp.Machine;
import dev.cpuhp.machine.CpuMask;
import dev.cpuhp.machine.Topology;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code /sys/devices/system/node}: one NUMA node per socket, each listing its online CPUs
 * ({@code cpumask_of_node()} follows onlining on x86), which {@code lscpu} reads.
 */
final class NodeAttributes {
    private final Machine machine;

    NodeAttributes(Machine machine) {
        this.machine = machine;
    }

    Node.Dir directory() {
        Topology t = machine.topology();
        int nodes = t.sockets();
        String all = Bitmaps.list(CpuMask.range(nodes, 0, nodes - 1));
        return dir("node", () -> {
            List<Node> out = new ArrayList<>();
            out.add(ro("possible", () -> all));
            out.add(ro("online", () -> all));
            out.add(ro("has_cpu", () -> Bitmaps.list(CpuMask.of(nodes, IntStream.range(0, nodes)
                    .filter(n -> !cpus(n).isEmpty())))));
            out.add(ro("has_memory", () -> all));
            out.add(ro("has_normal_memory", () -> all));
            for (int n = 0; n < nodes; n++) {
                int node = n;
                out.add(dir("node" + n, () -> List.of(
                        ro("cpulist", () -> Bitmaps.list(cpus(node))),
                        ro("cpumap", () -> Bitmaps.hex(cpus(node))))));
            }
            return out;
        });
    }

    private CpuMask cpus(int node) {
        Topology t = machine.topology();
        return t.coreSiblings(t.firstOfSocket(node)).and(machine.masks().online());
    }
}
