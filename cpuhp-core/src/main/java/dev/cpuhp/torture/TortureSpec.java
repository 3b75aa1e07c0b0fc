package dev.cpuhp.torture;

import dev.cpuhp.platform.HardwareProfile;
import java.util.List;

/**
 * What a torture run does.
 *
 * @param profile       the machine: a built-in profile or a profile file
 * @param ops           operations to issue in all (0: until {@code durationMillis})
 * @param durationMillis wall-clock budget (0: until {@code ops})
 * @param threads       driver tasks issuing operations at once
 * @param seed          seeds the operations, the machine's draws and (deterministic) the interleaving
 * @param deterministic one simulated task at a time in a seeded order: the run replays exactly
 * @param opBoundNanos  simulated time one operation may take before it counts as a liveness violation
 * @param stallMillis   wall time without any scheduler progress that counts as a stall
 * @param settings      {@code KEY=VALUE} lines overriding the profile's ({@code --set})
 */
public record TortureSpec(String profile, long ops, long durationMillis, int threads, long seed,
                          boolean deterministic, long opBoundNanos, long stallMillis, List<String> settings) {
    public static final String DEFAULT_PROFILE = "laptop-4t";

    public TortureSpec {
        if (ops < 0 || durationMillis < 0 || (ops == 0 && durationMillis == 0)) {
            throw new IllegalArgumentException("a torture run needs a number of operations or a duration");
        }
        if (threads < 1 || threads > 64) {
            throw new IllegalArgumentException("threads must be 1-64, got " + threads);
        }
    }

    /** {@code ops} operations with the defaults: 4 drivers, deterministic, 30 s per operation, 30 s stall. */
    public static TortureSpec ops(long ops, long seed) {
        return defaults(ops, 0, seed);
    }

    /** A run of {@code millis} wall-clock milliseconds, with no budget of operations. */
    public static TortureSpec duration(long millis, long seed) {
        return defaults(0, millis, seed);
    }

    private static TortureSpec defaults(long ops, long millis, long seed) {
        return new TortureSpec(DEFAULT_PROFILE, ops, millis, 4, seed, true, 30_000_000_000L, 30_000, List.of());
    }

    public TortureSpec withProfile(String p) {
        return new TortureSpec(p, ops, durationMillis, threads, seed, deterministic, opBoundNanos, stallMillis, settings);
    }

    public TortureSpec withThreads(int t) {
        return new TortureSpec(profile, ops, durationMillis, t, seed, deterministic, opBoundNanos, stallMillis, settings);
    }

    public TortureSpec withDuration(long millis) {
        return new TortureSpec(profile, ops, millis, threads, seed, deterministic, opBoundNanos, stallMillis, settings);
    }

    public TortureSpec withDeterministic(boolean d) {
        return new TortureSpec(profile, ops, durationMillis, threads, seed, d, opBoundNanos, stallMillis, settings);
    }

    public TortureSpec withOpBound(long nanos) {
        return new TortureSpec(profile, ops, durationMillis, threads, seed, deterministic, nanos, stallMillis, settings);
    }

    public TortureSpec withStallMillis(long millis) {
        return new TortureSpec(profile, ops, durationMillis, threads, seed, deterministic, opBoundNanos, millis, settings);
    }

    public TortureSpec withSettings(List<String> s) {
        return new TortureSpec(profile, ops, durationMillis, threads, seed, deterministic, opBoundNanos, stallMillis,
                List.copyOf(s));
    }

    /** The machine: the profile with the settings applied. */
    public HardwareProfile machine() {
        return HardwareProfile.resolve(profile).withSettings(settings);
    }

    /** The command line that runs this spec again. */
    public String replayCommand(long opsIssued) {
        return "cpuhp torture --seed " + seed + " --ops " + opsIssued + " --threads " + threads + " --profile " + profile
                + (deterministic ? "" : " --concurrent")
                + settings.stream().map(x -> " --set '" + x + "'").reduce("", String::concat);
    }
}
