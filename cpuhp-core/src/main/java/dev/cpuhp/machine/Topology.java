package dev.cpuhp.machine;

import java.util.stream.IntStream;

/**
 * Sockets × cores × threads, numbered as Linux enumerates x86 CPUs: all primary threads (the
 * first thread of each core) first, socket by socket, then the second threads in the same
 * order, and so on. On a 2×28×2 machine CPU 0-27 are socket 0's primaries, 28-55 socket 1's,
 * 56-83 socket 0's siblings and 84-111 socket 1's; CPU 56 is CPU 0's sibling.
 */
public record Topology(int sockets, int coresPerSocket, int threadsPerCore) {
    /** {@code CONFIG_NR_CPUS} of an x86-64 MAXSMP kernel: the most CPUs a machine can have. */
    public static final int NR_CPUS = 8192;

    public Topology {
        if (sockets < 1 || coresPerSocket < 1 || threadsPerCore < 1) {
            throw new IllegalArgumentException("topology needs at least 1 socket, core and thread: "
                    + sockets + "x" + coresPerSocket + "x" + threadsPerCore);
        }
        long n = (long) sockets * coresPerSocket * threadsPerCore;
        if (n > NR_CPUS) {
            throw new IllegalArgumentException(n + " CPUs exceed NR_CPUS " + NR_CPUS);
        }
    }

    public int cpus() {
        return sockets * coresPerSocket * threadsPerCore;
    }

    private int cores() {
        return sockets * coresPerSocket;
    }

    /** 0 for the primary thread of a core, 1 for its first sibling, ... */
    public int thread(int cpu) {
        return cpu / cores();
    }

    /** {@code topology/physical_package_id}. */
    public int socket(int cpu) {
        return (cpu % cores()) / coresPerSocket;
    }

    /** {@code topology/core_id}: the core's number within its socket. */
    public int core(int cpu) {
        return cpu % coresPerSocket;
    }

    /** A machine-wide core number: CPUs with the same one are SMT siblings. */
    public int globalCore(int cpu) {
        return cpu % cores();
    }

    /** {@code topology_is_primary_thread()}. */
    public boolean isPrimary(int cpu) {
        return thread(cpu) == 0;
    }

    /** The primary thread of {@code cpu}'s core. */
    public int primaryOf(int cpu) {
        return globalCore(cpu);
    }

    /** {@code cpu_primary_thread_mask}. */
    public CpuMask primaryThreads() {
        return CpuMask.range(cpus(), 0, cores() - 1);
    }

    /** {@code topology/thread_siblings_list}: the CPUs of {@code cpu}'s core. */
    public CpuMask threadSiblings(int cpu) {
        return CpuMask.of(cpus(), IntStream.range(0, threadsPerCore).map(t -> globalCore(cpu) + t * cores()));
    }

    /** {@code topology/core_siblings_list} (= package_cpus_list): the CPUs of the socket. */
    public CpuMask coreSiblings(int cpu) {
        int socket = socket(cpu);
        return CpuMask.of(cpus(), IntStream.range(0, threadsPerCore)
                .flatMap(t -> IntStream.range(0, coresPerSocket)
                        .map(core -> t * cores() + socket * coresPerSocket + core)));
    }

    /** The lowest-numbered CPU of {@code socket}. */
    public int firstOfSocket(int socket) {
        return socket * coresPerSocket;
    }

    @Override
    public String toString() {
        return sockets + "x" + coresPerSocket + "x" + threadsPerCore;
    }
}
