package dev.cpuhp.state;

/**
 * A single-instance state callback, {@code int (*single)(unsigned int cpu)}: returns 0 on
 * success or a negative errno (e.g. {@code Errno.ENOMEM.ret()}) to fail the step.
 */
@FunctionalInterface
public interface CpuCallback {
    int invoke(int cpu);
}
