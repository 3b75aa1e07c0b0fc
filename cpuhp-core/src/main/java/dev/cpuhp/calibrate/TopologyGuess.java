package dev.cpuhp.calibrate;

import dev.cpuhp.machine.Topology;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The machine's topology: from {@code /proc/cpuinfo} when the user has it (exact), else from
 * what a parallel bringup shows (its first pass kicks the primary threads: their count gives
 * the threads per core and their numbers the numbering), else one core per CPU.
 *
 * @param evidence where it came from, for the profile's comment
 * @param findings what the user should know about it
 */
record TopologyGuess(Topology topology, String evidence, List<String> findings) {

    static TopologyGuess of(List<BootTrace> traces, String cpuinfo, String cpuinfoName, Topology given) {
        int cpus = traces.stream().mapToInt(BootTrace::cpus).max().orElse(1);
        if (given != null) {
            List<String> f = new ArrayList<>();
            if (given.cpus() != cpus) {
                f.add("The topology given has " + given.cpus() + " CPUs; the traces show " + cpus + ".");
            }
            return new TopologyGuess(given, "given on the command line", f);
        }
        if (cpuinfo != null) {
            return fromCpuinfo(cpuinfo, cpuinfoName, cpus);
        }
        for (int i = 0; i < traces.size(); i++) {
            BootTrace t = traces.get(i);
            if (t.mode() != BootTrace.Mode.PARALLEL) {
                continue;
            }
            TreeSet<Integer> primaries = new TreeSet<>();
            primaries.add(0);
            t.aps().stream().filter(BootTrace.Ap::firstPass).forEach(a -> primaries.add(a.cpu()));
            if (primaries.size() < cpus && cpus % primaries.size() == 0) {
                int threads = cpus / primaries.size();
                boolean adjacent = primaries.stream().allMatch(c -> c % threads == 0);
                Topology.Numbering n = adjacent ? Topology.Numbering.SIBLINGS_ADJACENT : Topology.Numbering.PRIMARIES_FIRST;
                return new TopologyGuess(new Topology(1, primaries.size(), threads, n),
                        "[" + (i + 1) + "] the first pass of the parallel bringup kicked the primary threads " + primaries
                                + " of " + cpus + " CPUs",
                        List.of("Sockets are not visible in a trace: the profile says 1 socket; pass --cpuinfo (a copy of "
                                + "/proc/cpuinfo) or --topology SxCxT for the TSC-sync pattern and per-package costs."));
            }
        }
        return new TopologyGuess(new Topology(1, cpus, 1, Topology.Numbering.PRIMARIES_FIRST),
                cpus + " CPUs seen in the traces; no SMT split visible",
                List.of("Topology unknown beyond the CPU count (no parallel bringup with two passes, no --cpuinfo): one "
                        + "socket, one thread per core."));
    }

    /** physical id and core id of each processor. */
    private static TopologyGuess fromCpuinfo(String text, String name, int traced) {
        Map<Integer, int[]> cpus = new LinkedHashMap<>();
        int processor = -1;
        int pkg = 0;
        for (String line : (text + "\n\n").split("\n")) {
            String[] kv = line.split(":", 2);
            String key = kv[0].strip();
            String val = kv.length > 1 ? kv[1].strip() : "";
            try {
                switch (key) {
                    case "processor" -> processor = Integer.parseInt(val);
                    case "physical id" -> pkg = Integer.parseInt(val);
                    case "core id" -> cpus.put(processor, new int[] {pkg, Integer.parseInt(val)});
                    default -> { }
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + ": \"" + line + "\" is not a number where /proc/cpuinfo has one");
            }
        }
        if (cpus.isEmpty()) {
            throw new IllegalArgumentException(name + ": no \"processor\" and \"core id\" lines: is it a copy of /proc/cpuinfo?");
        }
        TreeSet<Integer> packages = new TreeSet<>();
        Map<Integer, TreeSet<Integer>> cores = new LinkedHashMap<>();
        cpus.values().forEach(pc -> {
            packages.add(pc[0]);
            cores.computeIfAbsent(pc[0], k -> new TreeSet<>()).add(pc[1]);
        });
        int coresPerSocket = cores.values().stream().mapToInt(TreeSet::size).max().orElse(1);
        int n = cpus.size();
        int threads = Math.max(1, n / (packages.size() * coresPerSocket));
        int[] c0 = cpus.get(0);
        int[] c1 = cpus.get(1);
        boolean adjacent = threads > 1 && c0 != null && c1 != null && c0[0] == c1[0] && c0[1] == c1[1];
        List<String> f = new ArrayList<>();
        if (n != traced) {
            f.add(name + " lists " + n + " processors; the traces show " + traced + ".");
        }
        if (packages.size() * coresPerSocket * threads != n) {
            f.add(name + ": " + n + " processors do not fill " + packages.size() + " packages x " + coresPerSocket
                    + " cores evenly; the profile rounds to " + packages.size() + "x" + coresPerSocket + "x" + threads + ".");
        }
        return new TopologyGuess(new Topology(packages.size(), coresPerSocket, threads,
                adjacent ? Topology.Numbering.SIBLINGS_ADJACENT : Topology.Numbering.PRIMARIES_FIRST),
                name + ": " + n + " processors, physical id x core id" + (adjacent ? "; processors 0 and 1 share a core" : ""), f);
    }
}
