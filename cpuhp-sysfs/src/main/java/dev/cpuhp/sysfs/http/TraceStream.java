package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.trace.FtraceWriter;
import dev.cpuhp.trace.TraceEvent;
import dev.cpuhp.trace.Tracer;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /api/trace}: the trace as Server-Sent Events, one kernel-format line per event.
 *
 * <p>A client that goes away is only noticed when a write to it fails, and a TCP peer that
 * has closed takes one more write to say so (the first is answered with a reset). So each
 * stream writes a comment ({@code : keep-alive}) whenever it has had nothing to send for one
 * heartbeat period: a dead client is let go within two periods, its subscription and thread
 * with it, whether or not the machine emits anything. {@link #subscribers()} counts the
 * streams alive.
 */
final class TraceStream {
    /** Events a slow client may have pending before newer ones are dropped (and counted). */
    private static final int BACKLOG = 10_000;

    private final Tracer tracer;
    private final Duration heartbeat;
    private final Object lock = new Object();
    private int subscribers;

    TraceStream(Tracer tracer, Duration heartbeat) {
        this.tracer = tracer;
        this.heartbeat = heartbeat;
    }

    int subscribers() {
        synchronized (lock) {
            return subscribers;
        }
    }

    /** Waits until exactly {@code n} streams are alive; false if that did not happen in time. */
    boolean awaitSubscribers(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (subscribers != n) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    private void count(int delta) {
        synchronized (lock) {
            subscribers += delta;
            lock.notifyAll();
        }
    }

    /** Streams until the client goes away or the server stops. */
    void serve(HttpExchange ex) throws IOException {
        RequestBody.settle(ex);
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
            ex.close();
            return;
        }
        ex.sendResponseHeaders(200, 0);
        BlockingQueue<TraceEvent> queue = new ArrayBlockingQueue<>(BACKLOG);
        AtomicLong dropped = new AtomicLong();
        count(1);
        try (OutputStream out = ex.getResponseBody();
             AutoCloseable sub = tracer.subscribe(e -> {
                 if (!queue.offer(e)) {
                     dropped.incrementAndGet();
                 }
             })) {
            send(out, ": cpuhp trace stream\n\n");
            while (true) {
                TraceEvent e = queue.poll(heartbeat.toNanos(), TimeUnit.NANOSECONDS);
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    send(out, ": dropped " + lost + " events (the client read too slowly)\n\n");
                }
                send(out, e == null ? ": keep-alive\n\n"
                        : FtraceWriter.line(e).map(l -> "event: " + e.name() + "\ndata: " + l.stripTrailing() + "\n\n").orElse(""));
            }
        } catch (IOException clientGone) {
            // the write failed: the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception unsubscribeFailed) {
            // Tracer's handle does not throw; nothing is left to release
        } finally {
            count(-1);
            ex.close();
        }
    }

    private static void send(OutputStream out, String chunk) throws IOException {
        if (!chunk.isEmpty()) {
            out.write(chunk.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
