package dev.cpuhp.state;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One row of the state table, {@code struct cpuhp_step}: immutable. Registration replaces a
 * row with a new one, so the walker reads a consistent step with one volatile load.
 *
 * @param state         the number, {@code enum cpuhp_state}
 * @param name          "subsys[/driver]:mode"; a row exists only while it has a name
 * @param startup       null: nothing to do on the way up (the step is skipped)
 * @param teardown      null: nothing to do on the way down
 * @param cantStop      the machine cannot stop here: not a valid sysfs target
 * @param multiInstance callbacks run once per instance
 * @param instances     registered instances, newest first ({@code hlist_add_head})
 */
public record Step(int state, String name, Callback startup, Callback teardown,
                   boolean cantStop, boolean multiInstance, List<Object> instances) {

    public Step {
        Objects.requireNonNull(name, "name");
        instances = List.copyOf(instances);
        if (startup != null && teardown != null
                && startup.getClass() != teardown.getClass()) {
            throw new IllegalArgumentException(name + ": startup and teardown must both be single or both multi");
        }
        if (multiInstance && (startup instanceof Callback.Single || teardown instanceof Callback.Single)) {
            throw new IllegalArgumentException(name + ": a multi-instance state takes instance callbacks");
        }
        if (!multiInstance && (startup instanceof Callback.Multi || teardown instanceof Callback.Multi)) {
            throw new IllegalArgumentException(name + ": instance callbacks need a multi-instance state");
        }
    }

    public static Step of(int state, String name, Callback startup, Callback teardown,
                          boolean cantStop, boolean multiInstance) {
        return new Step(state, name, startup, teardown, cantStop, multiInstance, List.of());
    }

    /** {@code cpuhp_step_empty()}: no callback in this direction. */
    public boolean isEmpty(boolean bringup) {
        return callback(bringup) == null;
    }

    public Callback callback(boolean bringup) {
        return bringup ? startup : teardown;
    }

    /** Neither direction has a callback: fault injection cannot target it. */
    public boolean hasNoCallbacks() {
        return startup == null && teardown == null;
    }

    /** A copy with {@code instance} at the head of the list. */
    public Step withInstance(Object instance) {
        List<Object> list = new ArrayList<>(instances.size() + 1);
        list.add(instance);
        list.addAll(instances);
        return new Step(state, name, startup, teardown, cantStop, multiInstance, list);
    }

    /** A copy without {@code instance} (matched by identity, as {@code hlist_del}). */
    public Step withoutInstance(Object instance) {
        List<Object> list = new ArrayList<>(instances);
        list.removeIf(i -> i == instance);
        return new Step(state, name, startup, teardown, cantStop, multiInstance, list);
    }

    public boolean hasInstance(Object instance) {
        return instances.stream().anyMatch(i -> i == instance);
    }
}
