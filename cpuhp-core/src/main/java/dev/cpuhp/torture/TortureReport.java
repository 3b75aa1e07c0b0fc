package dev.cpuhp.torture;

import java.util.List;
import java.util.Map;

/**
 * What a torture run found. {@code digest} fingerprints the whole run (every trace event and
 * result); in deterministic mode it is the same for the same spec on any host.
 *
 * @param latencyUs simulated microseconds of successful onlines and offlines: p50, p99, max
 */
public record TortureReport(TortureSpec spec, long ops, long skipped, long violationCount, List<Violation> violations,
                            List<String> stalls, long rollbacks, long injectedFailures, long callbacks,
                            Map<String, Long> perOp, Map<String, Long> results, Map<String, long[]> latencyUs,
                            long wallMillis, String digest, String replay) {
    public boolean passed() {
        return violationCount == 0 && stalls.isEmpty();
    }

    public double opsPerSecond() {
        return wallMillis == 0 ? 0 : ops * 1000.0 / wallMillis;
    }
}
