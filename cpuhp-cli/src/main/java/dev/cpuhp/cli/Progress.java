package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import java.util.function.Consumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Shows how many CPUs are online while a machine boots (on standard error). */
final class Progress implements AutoCloseable {
    private final String label;
    private volatile Thread poller;
    private volatile boolean done;

    private Progress(String label) {
        this.label = label;
    }

    /** A progress display for one boot, or a no-op one when not {@code enabled}. */
    static Progress of(String label, boolean enabled) {
        return enabled ? new Progress(label) : new Progress(null);
    }

    /** The hook to hand to the machine: starts polling once it exists. */
    Consumer<Machine> hook() {
        if (label == null) {
            return null;
        }
        return m -> {
            Thread t = Thread.ofPlatform().daemon().name("progress").start(() -> poll(m));
            poller = t;
        };
    }

    private void poll(Machine m) {
        int total = m.nrCpuIds();
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" CPUs", 1).setUpdateIntervalMillis(200)
                .continuousUpdate().build()) {
            while (!done) {
                bar.stepTo(m.masks().numOnline());
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
            bar.stepTo(m.masks().numOnline());
        }
    }

    @Override
    public void close() {
        done = true;
        Thread t = poller;
        if (t != null) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs {@code body} with a bar counting to {@code max} (in {@code unit}) when
     * {@code enabled}; the body reports how far it got through the consumer it is given.
     */
    static <T> T counting(String label, String unit, long max, boolean enabled,
                          java.util.function.Function<java.util.function.LongConsumer, T> body) {
        if (!enabled) {
            return body.apply(n -> { });
        }
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName(label).setInitialMax(max)
                .setStyle(ProgressBarStyle.ASCII).setUnit(" " + unit, 1).setUpdateIntervalMillis(200)
                .continuousUpdate().build()) {
            return body.apply(bar::stepTo);
        }
    }
}
