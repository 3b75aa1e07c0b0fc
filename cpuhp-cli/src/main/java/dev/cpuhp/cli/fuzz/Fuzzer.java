package dev.cpuhp.cli.fuzz;

import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Feeds one surface a seeded stream of inputs and judges every answer: a write gets one of
 * the errnos its file can give, or is taken; anything else is refused with one clear line;
 * the surface never crashes and the engine never fails under it; and a refused input leaves
 * every file reading as before ({@link Target#allowedChange}). The same seed gives the same
 * inputs; the machine is rebooted after an engine failure or a crash, and every so often so
 * that no state (SMT forced off) takes over a run.
 */
public final class Fuzzer {
    /** Inputs between two reboots. */
    static final int REBOOT_EVERY = 2_000;
    /** The share of inputs that are writes; the rest are the surface's own odd inputs. */
    private static final int WRITES_PERCENT = 80;

    private final Surface surface;
    private final long seed;
    private final int maxLength;
    private final java.io.PrintStream log;

    /** @param log where every input and its result go, one line each (null: nowhere) */
    Fuzzer(Surface surface, long seed, int maxLength, java.io.PrintStream log) {
        this.surface = surface;
        this.seed = seed;
        this.maxLength = maxLength;
        this.log = log;
    }

    /** Runs {@code n} inputs; {@code progress} hears the count after each. */
    public FuzzReport run(long n, LongConsumer progress) throws Exception {
        FuzzReport rep = new FuzzReport(surface.name(), seed);
        long start = System.nanoTime();
        SplittableRandom random = new SplittableRandom(seed);
        Snapshot before = surface.snapshot();
        Inputs in = new Inputs(random, before, maxLength);
        for (long i = 0; i < n; i++) {
            Target t;
            Result r;
            if (random.nextInt(100) < WRITES_PERCENT) {
                t = Target.classify(in.target(), before, in.cpus());
                r = surface.write(in, t, in.payload(t));
            } else {
                t = new Target("", Target.Kind.OTHER);
                r = surface.other(in);
            }
            Snapshot after = r.kind() == Result.Kind.CRASH ? before : surface.snapshot();
            boolean tainted = judge(rep, i, t, r, before, after);
            if (log != null) {
                log.println(i + "\t" + r.kind() + (r.errno() != null ? " " + r.errno() : "") + "\t" + r.input()
                        + (r.message().isEmpty() ? "" : "\t" + r.message()));
            }
            boolean broken = tainted || r.kind() == Result.Kind.CRASH || r.kind() == Result.Kind.ENGINE;
            if (broken || (i + 1) % REBOOT_EVERY == 0) {
                surface.restart();
                rep.restarts++;
                after = surface.snapshot();
            }
            before = after;
            rep.inputs = i + 1;
            if (progress != null) {
                progress.accept(i + 1);
            }
        }
        rep.millis = (System.nanoTime() - start) / 1_000_000;
        return rep;
    }

    /** Counts the result and any violation; true if the machine should not be trusted further. */
    private static boolean judge(FuzzReport rep, long i, Target t, Result r, Snapshot before, Snapshot after) {
        switch (r.kind()) {
            case ACCEPTED -> rep.accepted++;
            case CRASH -> {
                rep.crashes++;
                rep.violation(i, "crash", r);
            }
            case ENGINE -> {
                rep.engineFailures++;
                rep.violation(i, "engine failure", r);
            }
            case ERRNO -> {
                rep.rejectedByErrno.merge(r.errno().name(), 1L, Long::sum);
                if (!t.allows(r.errno())) {
                    rep.wrongErrnos++;
                    rep.violation(i, t.path() + " (" + t.kind() + ") cannot answer " + r.errno(), r);
                }
            }
            case REFUSED -> rep.refusedBySurface.merge(r.category(), 1L, Long::sum);
            default -> throw new IllegalStateException(r.kind().toString());
        }
        if (!r.rejected()) {
            return false;
        }
        Target.Change allowed = r.split() ? Target.Change.ANY
                : r.errno() == null ? Target.Change.NONE : t.allowedChange(r.errno(), before);
        if (allowed == Target.Change.ANY || allowed == Target.Change.TAINTED) {
            boolean changed = !before.equals(after);
            rep.partialFailures += changed ? 1 : 0;
            rep.taintedFailures += changed && allowed == Target.Change.TAINTED ? 1 : 0;
            return allowed == Target.Change.TAINTED;
        }
        List<String> diff = allowed == Target.Change.FAIL_RESET ? before.withoutFail().diff(after.withoutFail())
                : before.diff(after);
        if (!diff.isEmpty()) {
            rep.stateChangesOnRejection++;
            rep.violation(i, "refused, yet changed " + String.join("; ", diff.subList(0, Math.min(3, diff.size()))), r);
        }
        return false;
    }
}
