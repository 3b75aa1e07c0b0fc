package dev.cpuhp.state;

import java.util.Objects;

/**
 * One built-in row of a kernel's state table, before its callbacks are bound: the number, the
 * sysfs name, the symbols each direction calls ({@code null}: none, the walk skips the step).
 *
 * @param cantStop  the machine cannot stop here: not a valid sysfs target
 * @param instances {@link #SINGLE} for a single-instance state, else how many instances of a
 *                  multi-instance state the kernel has registered once it is up (each gets its
 *                  own call and its own {@code cpuhp_multi_enter}; with none, nothing is traced)
 */
public record Row(int state, String name, String startup, String teardown, boolean cantStop, int instances) {
    public static final int SINGLE = -1;

    public Row {
        Objects.requireNonNull(name, "name");
        if (instances < SINGLE) {
            throw new IllegalArgumentException(name + ": instances " + instances);
        }
    }

    public boolean multiInstance() {
        return instances != SINGLE;
    }

    /** The same callbacks at another number. */
    public Row at(int number, boolean cantStopThere) {
        return new Row(number, name, startup, teardown, cantStopThere, instances);
    }
}
