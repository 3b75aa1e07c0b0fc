package dev.cpuhp.torture;

import java.util.Map;

/**
 * Someone watching a torture run while it goes: told the counters every 200 ms of wall time,
 * and asked each time whether to stop the run early (it then ends as a run whose budget is
 * spent: the operations under way finish, the checks at rest still run).
 */
public interface TortureWatch {
    /**
     * The counters so far.
     *
     * @param ops     operations issued
     * @param skipped of those, the ones that found nothing to do (as the report counts them)
     * @param results operations by outcome: "ok" or the errno's name
     */
    record Live(long ops, long skipped, long violations, long rollbacks, long injectedFailures, long callbacks,
                Map<String, Long> results) {
    }

    void progress(Live live);

    /** Polled with each progress report. */
    default boolean stopRequested() {
        return false;
    }
}
