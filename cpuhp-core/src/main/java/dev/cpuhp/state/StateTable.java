package dev.cpuhp.state;

import dev.cpuhp.errno.Errno;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * {@code cpuhp_hp_states[]}: one slot per state number, {@code CPUHP_OFFLINE} to
 * {@code CPUHP_ONLINE} of its kernel's {@link Layout}.
 *
 * <p>Slots are read without locks (each is a volatile reference to an immutable {@link Step});
 * writers must hold {@code cpuhp_state_mutex}, which the hotplug core owns.
 */
public final class StateTable {
    private final Layout layout;
    private final AtomicReferenceArray<Step> steps;

    public StateTable(Layout layout) {
        this.layout = layout;
        this.steps = new AtomicReferenceArray<>(layout.online() + 1);
    }

    /** The 6.18 table's slots, empty. */
    public StateTable() {
        this(Layout.LINUX_6_18);
    }

    /** Where this kernel's core states are. */
    public Layout layout() {
        return layout;
    }

    /** The step at {@code state}, or null if the slot is free. */
    public Step step(int state) {
        return state < 0 || state > layout.online() ? null : steps.get(state);
    }

    /** The slot's name, as {@code /sys/devices/system/cpu/hotplug/states} prints it, or null. */
    public String name(int state) {
        Step s = step(state);
        return s == null ? null : s.name();
    }

    /** True if the walk in this direction has nothing to call at {@code state}. */
    public boolean isEmpty(boolean bringup, int state) {
        Step s = step(state);
        return s == null || s.isEmpty(bringup);
    }

    public boolean isCantStop(int state) {
        Step s = step(state);
        return s != null && s.cantStop();
    }

    /**
     * {@code cpuhp_reserve_state()}: the first free slot of a dynamic range.
     *
     * @return the slot number, or {@code -ENOSPC} when the range is full
     */
    public int reserve(int dynamicRequest) {
        int end = layout.dynamicEnd(dynamicRequest);
        for (int i = dynamicRequest; i <= end; i++) {
            if (steps.get(i) == null) {
                return i;
            }
        }
        return Errno.ENOSPC.ret();
    }

    /** Installs {@code step} in its slot. Caller holds the state mutex. */
    public void store(Step step) {
        steps.set(step.state(), step);
    }

    /** Replaces the step at its slot if it is still {@code expected}. Caller holds the state mutex. */
    public void replace(Step expected, Step updated) {
        if (!steps.compareAndSet(updated.state(), expected, updated)) {
            throw new IllegalStateException("state " + updated.state() + " changed under cpuhp_state_mutex");
        }
    }

    /** Frees a slot (name NULL): a dynamic slot becomes reusable. Caller holds the state mutex. */
    public void clear(int state) {
        steps.set(state, null);
    }

    /** Every named step, in state order. */
    public List<Step> named() {
        List<Step> out = new ArrayList<>();
        for (int i = CpuhpState.OFFLINE; i <= layout.online(); i++) {
            Step s = steps.get(i);
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /** The number of the named step, if any. */
    public OptionalInt find(String name) {
        for (int i = CpuhpState.OFFLINE; i <= layout.online(); i++) {
            Step s = steps.get(i);
            if (s != null && s.name().equals(name)) {
                return OptionalInt.of(i);
            }
        }
        return OptionalInt.empty();
    }

    /** {@code states_show()}: {@code "%3d: %s\n"} per named state. */
    public String listing() {
        StringBuilder sb = new StringBuilder();
        for (Step s : named()) {
            sb.append(String.format("%3d: %s\n", s.state(), s.name()));
        }
        return sb.toString();
    }
}
