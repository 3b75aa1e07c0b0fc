package dev.cpuhp.platform;

import dev.cpuhp.errno.Errno;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hardware misbehaviour to inject, beyond the core's own {@code fail} file: a CPU that never
 * comes alive after its wake-up, a CPU that refuses to go down in {@code __cpu_disable()}.
 */
public final class Faults {
    private final Set<Integer> neverAlive = ConcurrentHashMap.newKeySet();
    private final Map<Integer, Errno> refuseDisable = new ConcurrentHashMap<>();

    /** From the next wake-up on, {@code cpu} stays in firmware and never reports alive. */
    public void neverAlive(int cpu, boolean on) {
        if (on) {
            neverAlive.add(cpu);
        } else {
            neverAlive.remove(cpu);
        }
    }

    boolean isNeverAlive(int cpu) {
        return neverAlive.contains(cpu);
    }

    /** The next {@code __cpu_disable()} of {@code cpu} fails with {@code errno} (one shot). */
    public void refuseDisableOnce(int cpu, Errno errno) {
        refuseDisable.put(cpu, errno);
    }

    /** The injected refusal for {@code cpu}, consumed; 0 if none. */
    int takeDisableRefusal(int cpu) {
        Errno e = refuseDisable.remove(cpu);
        return e == null ? 0 : e.ret();
    }
}
