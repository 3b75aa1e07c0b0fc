package dev.cpuhp.cli;

import dev.cpuhp.cli.fuzz.Fuzz;
import dev.cpuhp.cli.fuzz.FuzzReport;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuhp fuzz}: random and malformed input to every surface; any crash or change on refusal fails. */
@Command(name = "fuzz", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fuzz the ways into a machine: the shell, the HTTP API, the FUSE mount.",
                "",
                "Writes random and malformed values (signs, huge numbers, whitespace, words,",
                "binary, NULs, invalid UTF-8, lines past a page and past every limit, nothing)",
                "to every writable file, and to read-only files, directories and missing paths;",
                "and each surface's own odd inputs: shell lines with unbalanced quotes and",
                "operators, HTTP requests with wrong methods, bad JSON, bodies over the limit,",
                "garbage bytes, dropped trace streams; kernfs's refused create/mkdir/unlink.",
                "",
                "Each input must get the kernel's errno (one its file can give) or one clear",
                "line; nothing may crash, the engine may not fail, and a refused input must",
                "leave every file reading as before. Exits 1 on any violation, printing the",
                "seed and the command that replays the run. The FUSE surface runs the mount in",
                "a process of its own (a temporary directory; the real /sys is never touched)",
                "and needs /dev/fuse, fusermount and libfuse2 (scripts/install-deps)."})
final class FuzzCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--surface", defaultValue = "all", paramLabel = "shell|http|fuse|all",
            description = "Which surface. Default: ${DEFAULT-VALUE} (FUSE skipped, saying why, where it cannot mount).")
    String surface;

    @Option(names = "--inputs", defaultValue = "10000", paramLabel = "N",
            description = "Inputs for the shell and for HTTP, each. Default: ${DEFAULT-VALUE}.")
    long inputs;

    @Option(names = "--fuse-inputs", paramLabel = "N",
            description = "Inputs for FUSE (each is a round trip to another process and a read of every file). "
                    + "Default: --inputs / 20.")
    Long fuseInputs;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the inputs. Default: a new one, printed.")
    Long seed;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one line of the profile (repeatable), as cpuhp boot --set.")
    List<String> overrides = new java.util.ArrayList<>();

    @Option(names = "--profile", defaultValue = "laptop-4t", paramLabel = "NAME|FILE",
            description = "The machine. Default: ${DEFAULT-VALUE} (small machines make more inputs per second).")
    String profile;

    @Option(names = "--json", description = "Print one JSON object: {seed, surfaces: [{surface, inputs, accepted, "
            + "rejected_by_errno, refused_by_surface, crashes, engine_failures, wrong_errnos, "
            + "state_changes_on_rejection, ...}], violations}.")
    boolean json;

    @Option(names = "--log", paramLabel = "FILE",
            description = "Write every input and its result to FILE, one line each (for a replay's story).")
    java.nio.file.Path log;

    @CommandLine.Mixin
    ProgressOption progress;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        if (!List.of("shell", "http", "fuse", "all").contains(surface)) {
            throw new CommandLine.ParameterException(cl, "--surface must be shell, http, fuse or all, got \"" + surface + "\"");
        }
        if (inputs < 0 || (fuseInputs != null && fuseInputs < 0)) {
            throw new CommandLine.ParameterException(cl, "--inputs and --fuse-inputs must be >= 0");
        }
        MachineOptions machine = new MachineOptions();
        machine.profile = profile;
        machine.overrides = overrides;
        HardwareProfile hw = machine.load(cl);
        long s = seed != null ? seed : System.nanoTime();
        long fuseN = fuseInputs != null ? fuseInputs : Math.max(1, inputs / 20);
        Optional<String> noFuse = Fuzz.fuseUnavailable();
        if (surface.equals("fuse") && noFuse.isPresent()) {
            throw new CommandLine.ParameterException(cl, "--surface fuse: cannot mount here: " + noFuse.get());
        }
        List<FuzzReport> reports = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try (java.io.PrintStream logStream = log == null ? null : new java.io.PrintStream(
                java.nio.file.Files.newOutputStream(log), true, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            runAll(hw, s, fuseN, noFuse, reports, skipped, logStream);
        }
        long violations = reports.stream().mapToLong(FuzzReport::violationCount).sum();
        print(s, reports, skipped, violations);
        return violations == 0 ? 0 : 1;
    }

    private void runAll(HardwareProfile hw, long s, long fuseN, Optional<String> noFuse, List<FuzzReport> reports, List<String> skipped,
            java.io.PrintStream logStream) throws Exception {
        if (surface.equals("shell") || surface.equals("all")) {
            reports.add(withProgress("shell", inputs, p -> Fuzz.shell(hw, s, inputs, p, logStream)));
        }
        if (surface.equals("http") || surface.equals("all")) {
            reports.add(withProgress("http", inputs, p -> Fuzz.http(hw, s, inputs, p, logStream)));
        }
        if (surface.equals("fuse") || surface.equals("all")) {
            if (noFuse.isPresent()) {
                skipped.add("fuse: skipped, cannot mount here: " + noFuse.get());
            } else {
                reports.add(withProgress("fuse", fuseN, p -> Fuzz.fuse(profile, overrides, s, fuseN, p, logStream)));
            }
        }
    }

    private void print(long s, List<FuzzReport> reports, List<String> skipped, long violations) {
        if (json) {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("seed", s);
            out.put("profile", profile);
            out.put("surfaces", reports.stream().map(FuzzReport::toMap).toList());
            out.put("skipped", skipped);
            out.put("violations", violations);
            Json.print(out);
            return;
        }
        System.out.println("cpuhp fuzz: " + profile + ", seed " + s);
        reports.forEach(r -> System.out.print(r.text()));
        skipped.forEach(System.out::println);
        System.out.println(violations == 0 ? "no violations"
                : violations + " violation(s); replay: cpuhp fuzz --surface " + surface + " --inputs " + inputs
                        + (fuseInputs != null ? " --fuse-inputs " + fuseInputs : "") + " --seed " + s + " --profile " + profile
                        + overrides.stream().map(x -> " --set '" + x + "'").reduce("", String::concat));
    }

    private interface Run {
        FuzzReport run(LongConsumer progress) throws Exception;
    }

    private FuzzReport withProgress(String name, long n, Run run) throws Exception {
        try (ProgressBar bar = progress.bar("fuzz " + name, n, " inputs")) {
            return run.run(bar == null ? null : bar::stepTo);
        }
    }
}
