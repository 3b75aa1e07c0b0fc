package dev.cpuhp.trace;

import dev.cpuhp.sched.Scheduler;
import dev.cpuhp.sched.Task;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The machine's trace buffer: every event goes to a bounded ring (oldest dropped, as ftrace's
 * overwrite mode) and to any subscribed sinks, synchronously, on the emitting thread.
 */
public final class Tracer {
    /** Events kept by default; a 112-CPU boot emits about 20k. */
    public static final int DEFAULT_CAPACITY = 1 << 20;

    private final Scheduler scheduler;
    private final List<Consumer<TraceEvent>> sinks = new CopyOnWriteArrayList<>();
    private final ArrayDeque<TraceEvent> ring = new ArrayDeque<>();
    private volatile int capacity = DEFAULT_CAPACITY;
    private volatile boolean enabled = true;
    private volatile java.util.function.IntPredicate cpuOnline = cpu -> true;
    private long written;
    private long dropped;

    public Tracer(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** The context of the calling task now. */
    public Ctx ctx() {
        Task t = scheduler.current();
        if (t == null) {
            return new Ctx(scheduler.now(), 0, "<external>", 0, false, cpuOnline.test(0));
        }
        return new Ctx(scheduler.now(), t.cpu(), t.comm(), t.pid(), t.inAtomic(), cpuOnline.test(t.cpu()));
    }

    /** {@code cpu_online()}, for each event's {@link Ctx#cpuOnline}; every CPU counts as online until set. */
    public void setCpuOnline(java.util.function.IntPredicate online) {
        cpuOnline = java.util.Objects.requireNonNull(online);
    }

    /** Records an event built from the current context; does nothing when tracing is off. */
    public void emit(Function<Ctx, TraceEvent> event) {
        if (!enabled && sinks.isEmpty()) {
            return;
        }
        TraceEvent e = event.apply(ctx());
        if (enabled) {
            synchronized (ring) {
                if (ring.size() >= capacity) {
                    ring.pollFirst();
                    dropped++;
                }
                ring.addLast(e);
                written++;
            }
        }
        sinks.forEach(sink -> sink.accept(e)); // no iterator: this runs a million times in a large boot
    }

    /** Streams every later event to {@code sink}; returns a handle that unsubscribes. */
    public AutoCloseable subscribe(Consumer<TraceEvent> sink) {
        sinks.add(sink);
        return () -> sinks.remove(sink);
    }

    /** {@code tracing_on}: whether the ring records. */
    public void setEnabled(boolean on) {
        enabled = on;
    }

    public void setCapacity(int events) {
        if (events < 1) {
            throw new IllegalArgumentException("capacity " + events);
        }
        capacity = events;
    }

    /** A copy of the buffered events, oldest first. */
    public List<TraceEvent> snapshot() {
        synchronized (ring) {
            return new ArrayList<>(ring);
        }
    }

    /** Empties the ring (writing to {@code trace} in tracefs). */
    public void clear() {
        synchronized (ring) {
            ring.clear();
            written = 0;
            dropped = 0;
        }
    }

    /** Events written since the last clear, and how many of them the ring dropped. */
    public long[] counts() {
        synchronized (ring) {
            return new long[] {written, dropped};
        }
    }
}
