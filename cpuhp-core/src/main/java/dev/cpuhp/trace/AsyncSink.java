package dev.cpuhp.trace;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Hands events to a consumer on a thread of its own, in batches, in the order they were
 * accepted: trace writers then format and encode on another core while the simulation runs
 * (a serial bringup keeps one host core busy; writing its trace kept the same one busy too).
 *
 * <p>Memory stays bounded: at most {@value #QUEUED} batches of {@value #BATCH} events wait;
 * past that {@link #accept} blocks until the writer catches up. That block is on a JDK queue,
 * invisible to the simulation's scheduler, which therefore counts the emitting task as still
 * running: virtual time cannot move meanwhile, so the figures do not change, only real time.
 *
 * <p>{@link #accept} must be called by one thread at a time (callers order the stream under
 * their own lock, as {@code BootExperiment} does); {@link #close} flushes, waits for the
 * writer and rethrows what it threw.
 */
public final class AsyncSink implements Consumer<TraceEvent>, AutoCloseable {
    static final int BATCH = 4096;
    static final int QUEUED = 32;

    private static final List<TraceEvent> END = List.of();

    private final BlockingQueue<List<TraceEvent>> queue = new ArrayBlockingQueue<>(QUEUED);
    private final Thread writer;
    private List<TraceEvent> batch = new ArrayList<>(BATCH);
    private volatile Throwable failure;

    public AsyncSink(String name, Consumer<TraceEvent> target) {
        writer = Thread.ofPlatform().daemon().name(name).start(() -> {
            try {
                for (List<TraceEvent> b = queue.take(); b != END; b = queue.take()) {
                    if (failure == null) {
                        b.forEach(target);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | Error e) {
                failure = e;
                queue.clear(); // unblock a producer; everything after a failure is dropped
            }
        });
    }

    @Override
    public void accept(TraceEvent e) {
        batch.add(e);
        if (batch.size() == BATCH) {
            hand(batch);
            batch = new ArrayList<>(BATCH);
        }
    }

    private void hand(List<TraceEvent> b) {
        if (failure != null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(b);
                break;
            } catch (InterruptedException x) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Flushes, waits for the writer to finish, and rethrows its failure if it had one. */
    @Override
    public void close() throws InterruptedException {
        hand(batch);
        batch = new ArrayList<>();
        if (failure == null) {
            queue.put(END);
        }
        writer.join();
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error err) {
            throw err;
        }
    }
}
