package dev.cpuhp.cli;

import dev.cpuhp.boot.ApExplanation;
import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import dev.cpuhp.whatif.Sensitivity;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;

/** {@code cpuhp boot --sensitivity} and {@code --explain}: questions about one machine's bringup. */
final class BootWhatIf {
    private BootWhatIf() {
    }

    static int sensitivity(BootSpec base, List<Strategy> strategies, ReportOptions out) {
        HardwareProfile p = base.profile();
        int total = Sensitivity.runs(p, strategies.size(), true);
        Sensitivity.Result r = Progress.counting("sensitivity", "runs", total, out.showProgress(true),
                step -> Sensitivity.of(p, strategies, true,
                        (profile, s) -> BootExperiment.run(base.withProfile(profile).withStrategy(s)).totalNanos(),
                        step::accept));
        SensitivityReport report = new SensitivityReport(String.format(Locale.ROOT,
                "cpuhp boot --sensitivity: %s (%d CPUs), seed %d, %d runs", p.name(), p.topology().cpus(), base.seed(),
                total), "bringup", r);
        out.print(report::json, () -> report.text(25));
        return 0;
    }

    static int explain(CommandLine cl, BootSpec base, List<Strategy> strategies, int cpu, ReportOptions out) {
        int n = base.profile().topology().cpus();
        if (cpu < 1 || cpu >= n) {
            throw new CommandLine.ParameterException(cl, "--explain " + cpu + ": an AP is CPU 1.." + (n - 1)
                    + " on this machine (CPU 0 boots it)");
        }
        Map<Strategy, ApExplanation> paths = new LinkedHashMap<>();
        for (Strategy s : strategies) {
            ApExplanation e = ApExplanation.of(BootExperiment.run(base.withStrategy(s)), cpu).orElseThrow(() ->
                    new CommandLine.ParameterException(cl, "--explain " + cpu + ": CPU " + cpu
                            + " does not come up in this bringup (see --cpus, --after, --maxcpus, --nosmt)"));
            paths.put(s, e);
        }
        ExplainReport report = new ExplainReport(String.format(Locale.ROOT, "cpuhp boot --explain %d: %s, seed %d",
                cpu, base.profile().name(), base.seed()), paths);
        out.print(report::json, report::text);
        return 0;
    }
}
