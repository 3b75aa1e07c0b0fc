package dev.cpuhp.hotplug;

import dev.cpuhp.Machine;
import dev.cpuhp.errno.Errno;
import dev.cpuhp.sched.Task;
import dev.cpuhp.state.CpuCallback;
import dev.cpuhp.state.InstanceCallback;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Records every invocation of the callbacks it hands out, with where and how it ran. */
final class Recorder {
    /** One invocation: which step, which way, for which CPU, on which task and CPU, atomic or not. */
    record Call(String name, boolean up, int cpu, String comm, int runCpu, boolean atomic, Object instance) {
        @Override
        public String toString() {
            return name + (up ? " up " : " down ") + "cpu" + cpu + (instance != null ? " " + instance : "")
                    + " on " + comm + "[" + runCpu + "]" + (atomic ? " atomic" : "");
        }
    }

    private final Machine machine;
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    /** Calls that fail: name + direction + cpu (+ instance) -> errno, one shot. */
    private final Map<String, Errno> failures = new ConcurrentHashMap<>();

    Recorder(Machine machine) {
        this.machine = machine;
    }

    CpuCallback startup(String name) {
        return cpu -> record(name, true, cpu, null);
    }

    CpuCallback teardown(String name) {
        return cpu -> record(name, false, cpu, null);
    }

    InstanceCallback<Object> startupInstance(String name) {
        return (cpu, instance) -> record(name, true, cpu, instance);
    }

    InstanceCallback<Object> teardownInstance(String name) {
        return (cpu, instance) -> record(name, false, cpu, instance);
    }

    /** The next startup ({@code up}) or teardown of {@code name} on {@code cpu} fails with {@code errno}. */
    void failOnce(String name, boolean up, int cpu, Errno errno) {
        failures.put(key(name, up, cpu, null), errno);
    }

    void failOnce(String name, boolean up, int cpu, Object instance, Errno errno) {
        failures.put(key(name, up, cpu, instance), errno);
    }

    private static String key(String name, boolean up, int cpu, Object instance) {
        return name + "|" + up + "|" + cpu + "|" + (instance == null ? "" : System.identityHashCode(instance));
    }

    private int record(String name, boolean up, int cpu, Object instance) {
        Task t = machine.scheduler().current();
        calls.add(new Call(name, up, cpu, t.comm(), t.cpu(), t.inAtomic(), instance));
        Errno e = failures.remove(key(name, up, cpu, instance));
        return e == null ? 0 : e.ret();
    }

    List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    List<Call> calls(Predicate<Call> filter) {
        return calls().stream().filter(filter).toList();
    }

    /** "name up cpu1" style summary of every call, in order. */
    List<String> summary() {
        return calls().stream().map(c -> c.name() + (c.up() ? " up" : " down") + " cpu" + c.cpu()
                + (c.instance() != null ? " " + c.instance() : "")).toList();
    }

    void clear() {
        calls.clear();
    }
}
