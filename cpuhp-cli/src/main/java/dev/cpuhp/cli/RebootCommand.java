package dev.cpuhp.cli;

import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.hotplug.Teardown;
import dev.cpuhp.kexec.KexecReboot;
import dev.cpuhp.platform.HardwareProfile;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cpuhp reboot}: the CPU downtime of a kexec reboot, each way down with each way up. */
@Command(name = "reboot", aliases = "kexec", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The CPU part of a kexec reboot's downtime: the APs down, then up again.",
                "",
                "Teardowns: serial (smp_shutdown_nonboot_cpus(), arm64 and RISC-V: a full",
                "cpu_down() of each AP in turn); ipi-stop (x86 stop_other_cpus(): one IPI,",
                "each CPU halts); parallel (beyond Linux: every AP's ONLINE teardowns at once,",
                "their RCU waits overlapping; stop-machine and each CPU's death and dead",
                "callbacks stay one CPU at a time).",
                "Bringups: serial, parallel, pipelined, as cpuhp boot, on a machine started by",
                "kexec (its cores keep the microcode the old kernel loaded). The rest of the",
                "reboot (the jump, the new kernel's early boot, devices) is not modelled.",
                "Virtual clock."})
final class RebootCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    MachineOptions machine;

    @Option(names = "--teardown", split = ",", paramLabel = "NAME[,NAME]", defaultValue = "serial,ipi-stop,parallel",
            description = "Ways down, in order. Default: ${DEFAULT-VALUE}.")
    List<String> teardowns;

    @Option(names = "--strategy", split = ",", paramLabel = "NAME[,NAME]", defaultValue = "serial,parallel,pipelined",
            description = "Ways up, in order. Default: ${DEFAULT-VALUE}.")
    List<String> strategies;

    @Mixin
    ReportOptions report;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        HardwareProfile profile = machine.load(cl);
        List<Teardown> downs = parse(cl, "--teardown", teardowns, Teardown::fromCli);
        List<Strategy> ups = parse(cl, "--strategy", strategies, Strategy::fromCli);
        List<KexecReboot.Downtime> table = Progress.counting("reboot", "runs", KexecReboot.runs(downs, ups),
                report.showProgress(true), step -> KexecReboot.table(profile, machine.seed, downs, ups, step::accept));
        RebootReport r = new RebootReport(profile, machine.seed, downs, ups, table);
        report.print(r::json, r::text);
        return 0;
    }

    /** Names from the command line, each once, in order; an unknown one is a usage error. */
    static <T> List<T> parse(CommandLine cl, String option, List<String> names, Function<String, T> byName) {
        LinkedHashSet<T> out = new LinkedHashSet<>();
        for (String n : names) {
            try {
                out.add(byName.apply(n.strip()));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cl, option + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new CommandLine.ParameterException(cl, option + ": name at least one");
        }
        return new ArrayList<>(out);
    }
}
