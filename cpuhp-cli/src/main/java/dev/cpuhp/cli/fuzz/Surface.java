package dev.cpuhp.cli.fuzz;

/**
 * One way into a machine's tree (the shell, HTTP, the FUSE mount), as the fuzzer drives it:
 * writes, other inputs of the surface's own (command lines, requests), snapshots of every
 * file, and a fresh machine when one is needed.
 */
interface Surface extends AutoCloseable {
    String name();

    /** Writes {@code payload} to the target, as this surface's users would. */
    Result write(Inputs in, Target target, byte[] payload) throws Exception;

    /** An input of the surface's own that is not one write: it may be anything. */
    Result other(Inputs in) throws Exception;

    /** Every readable file, as this surface reads it. */
    Snapshot snapshot() throws Exception;

    /** Replaces the machine with a freshly booted one (after an engine failure or a crash). */
    void restart() throws Exception;
}
