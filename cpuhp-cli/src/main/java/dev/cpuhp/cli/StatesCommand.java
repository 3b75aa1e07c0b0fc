package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.state.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuhp states}: the state table, as {@code hotplug/states} prints it. */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = {"Print the hotplug state table (by default Linux 6.18's).",
                "",
                "As /sys/devices/system/cpu/hotplug/states prints it, or with each state's",
                "section and callbacks. --states imports another kernel's listing."})
final class StatesCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    StatesOption states;

    @Option(names = "--long", description = "Also show the section and each direction's callback.")
    boolean verbose;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Override
    public void run() {
        var ideal = dev.cpuhp.platform.HardwareProfile.ideal(new dev.cpuhp.machine.Topology(1, 1, 1));
        try (Machine m = Machine.builder().profile(ideal).states(states.table(spec.commandLine(), ideal)).bootCpuOnly().boot()) {
            List<Step> steps = m.states().named();
            if (json) {
                List<Map<String, Object>> rows = steps.stream().map(s -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("state", s.state());
                    r.put("name", s.name());
                    r.put("section", m.states().layout().section(s.state()).name().toLowerCase());
                    r.put("startup", s.startup() == null ? null : s.startup().symbol());
                    r.put("teardown", s.teardown() == null ? null : s.teardown().symbol());
                    r.put("cant_stop", s.cantStop());
                    return r;
                }).toList();
                Json.print(rows);
            } else if (verbose) {
                for (Step s : steps) {
                    System.out.printf("%3d: %-30s %-15s %-28s %s%s%n", s.state(), s.name(), m.states().layout().section(s.state()).label(),
                            s.startup() == null ? "-" : s.startup().symbol(),
                            s.teardown() == null ? "-" : s.teardown().symbol(), s.cantStop() ? "  (cant_stop)" : "");
                }
            } else {
                System.out.print(m.states().listing());
            }
        }
    }
}
