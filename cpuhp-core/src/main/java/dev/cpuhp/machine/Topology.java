package dev.cpuhp.machine;

import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Sockets × cores × threads, and how the firmware numbers the CPUs ({@link Numbering}). With
 * primaries first, on a 2×28×2 machine CPU 0-27 are socket 0's primaries, 28-55 socket 1's,
 * 56-83 socket 0's siblings and 84-111 socket 1's, and CPU 56 is CPU 0's sibling; with siblings
 * adjacent CPU 1 is CPU 0's sibling and the primaries are the even CPUs.
 */
public record Topology(int sockets, int coresPerSocket, int threadsPerCore, Numbering numbering) {
    /** {@code CONFIG_NR_CPUS} of an x86-64 MAXSMP kernel: the most CPUs a machine can have. */
    public static final int NR_CPUS = 8192;

    /** The order in which the firmware (the ACPI MADT, the APIC IDs) lists the threads. */
    public enum Numbering {
        /** Every core's first thread, socket by socket, then every second thread: Intel server firmware. */
        PRIMARIES_FIRST,
        /** A core's threads one after another: QEMU, many AMD systems and laptops. */
        SIBLINGS_ADJACENT;

        /** The profile's spelling, e.g. "siblings-adjacent". */
        public String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Numbering parse(String key) {
            for (Numbering n : values()) {
                if (n.key().equals(key)) {
                    return n;
                }
            }
            throw new IllegalArgumentException("topology.numbering must be primaries-first or siblings-adjacent, got \""
                    + key + "\"");
        }
    }

    public Topology {
        if (sockets < 1 || coresPerSocket < 1 || threadsPerCore < 1) {
            throw new IllegalArgumentException("topology needs at least 1 socket, core and thread: "
                    + sockets + "x" + coresPerSocket + "x" + threadsPerCore);
        }
        long n = (long) sockets * coresPerSocket * threadsPerCore;
        if (n > NR_CPUS) {
            throw new IllegalArgumentException(n + " CPUs exceed NR_CPUS " + NR_CPUS);
        }
        java.util.Objects.requireNonNull(numbering, "numbering");
    }

    /** Primaries first, as x86 server firmware numbers them. */
    public Topology(int sockets, int coresPerSocket, int threadsPerCore) {
        this(sockets, coresPerSocket, threadsPerCore, Numbering.PRIMARIES_FIRST);
    }

    public int cpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    private int cores() {
        return sockets * coresPerSocket;
    }

    /** The CPU number of thread {@code thread} of machine-wide core {@code core}. */
    private int cpuOf(int core, int thread) {
        return numbering == Numbering.PRIMARIES_FIRST ? thread * cores() + core : core * threadsPerCore + thread;
    }

    /** 0 for the primary thread of a core, 1 for its first sibling, ... */
    public int thread(int cpu) {
        return numbering == Numbering.PRIMARIES_FIRST ? cpu / cores() : cpu % threadsPerCore;
    }

    /** A machine-wide core number: CPUs with the same one are SMT siblings. */
    public int globalCore(int cpu) {
        return numbering == Numbering.PRIMARIES_FIRST ? cpu % cores() : cpu / threadsPerCore;
    }

    /** {@code topology/physical_package_id}. */
    public int socket(int cpu) {
        return globalCore(cpu) / coresPerSocket;
    }

    /** {@code topology/core_id}: the core's number within its socket. */
    public int core(int cpu) {
        return globalCore(cpu) % coresPerSocket;
    }

    /** {@code topology_is_primary_thread()}. */
    public boolean isPrimary(int cpu) {
        return thread(cpu) == 0;
    }

    /** The primary thread of {@code cpu}'s core. */
    public int primaryOf(int cpu) {
        return cpuOf(globalCore(cpu), 0);
    }

    /** {@code cpu_primary_thread_mask}. */
    public CpuMask primaryThreads() {
        return CpuMask.of(cpus(), IntStream.range(0, cores()).map(c -> cpuOf(c, 0)));
    }

    /** {@code topology/thread_siblings_list}: the CPUs of {@code cpu}'s core. */
    public CpuMask threadSiblings(int cpu) {
        int core = globalCore(cpu);
        return CpuMask.of(cpus(), IntStream.range(0, threadsPerCore).map(t -> cpuOf(core, t)));
    }

    /** {@code topology/core_siblings_list} (= package_cpus_list): the CPUs of the socket. */
    public CpuMask coreSiblings(int cpu) {
        int first = socket(cpu) * coresPerSocket;
        return CpuMask.of(cpus(), IntStream.range(first, first + coresPerSocket)
                .flatMap(core -> IntStream.range(0, threadsPerCore).map(t -> cpuOf(core, t))));
    }

    /** The lowest-numbered CPU of {@code socket}. */
    public int firstOfSocket(int socket) {
        return cpuOf(socket * coresPerSocket, 0);
    }

    @Override
    public String toString() {
        return sockets + "x" + coresPerSocket + "x" + threadsPerCore;
    }
}
