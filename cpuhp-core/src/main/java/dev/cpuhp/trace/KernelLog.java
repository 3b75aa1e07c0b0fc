package dev.cpuhp.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The machine's {@code dmesg}: WARNs, BUGs and the hotplug core's messages, each stamped with
 * simulated time as {@code "[%5lu.%06lu] "}. Bounded: the oldest lines go first.
 */
public final class KernelLog {
    private static final int CAPACITY = 10_000;

    private final LongSupplier clock;
    private final List<String> lines = new ArrayList<>();
    private final List<Consumer<String>> sinks = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> warned = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Supplier<String> where = () -> "";

    public KernelLog(LongSupplier nanoClock) {
        this.clock = nanoClock;
    }

    /** Appends a message; a multi-line message becomes several stamped lines. */
    public void printk(String message) {
        long micros = clock.getAsLong() / 1000;
        String stamp = String.format("[%5d.%06d] ", micros / 1_000_000, micros % 1_000_000);
        for (String line : message.split("\n")) {
            String stamped = stamp + line;
            synchronized (lines) {
                if (lines.size() == CAPACITY) {
                    lines.remove(0);
                }
                lines.add(stamped);
            }
            for (Consumer<String> sink : sinks) {
                sink.accept(stamped);
            }
        }
    }

    /**
     * {@code WARN()}: as the kernel prints one, the reason between the cut line and the
     * {@code WARNING:} line that says where it happened (here the CPU, pid and task; the
     * kernel's source line and the register dump are not modelled).
     */
    public void warn(String reason) {
        printk("------------[ cut here ]------------\n" + reason + "\nWARNING: " + where.get());
    }

    /** Who is running, for {@link #warn}: {@code "CPU: 0 PID: 9 Comm: kworker/0:0"}. */
    public void setWhere(java.util.function.Supplier<String> context) {
        where = java.util.Objects.requireNonNull(context);
    }

    /** {@code WARN_ONCE()}: only the first warning with this key is printed. */
    public void warnOnce(String key, String reason) {
        if (warned.add(key)) {
            warn(reason);
        }
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** True if any line contains {@code text}. */
    public boolean contains(String text) {
        synchronized (lines) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }
    }

    public AutoCloseable subscribe(Consumer<String> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    public void clear() {
        synchronized (lines) {
            lines.clear();
        }
    }
}
