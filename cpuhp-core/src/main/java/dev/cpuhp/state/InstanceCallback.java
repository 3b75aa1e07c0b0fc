package dev.cpuhp.state;

/**
 * A multi-instance state callback, {@code int (*multi)(unsigned int cpu, struct hlist_node *)}:
 * invoked once per registered instance. Returns 0 or a negative errno.
 *
 * @param <T> the instance type
 */
@FunctionalInterface
public interface InstanceCallback<T> {
    int invoke(int cpu, T instance);
}
