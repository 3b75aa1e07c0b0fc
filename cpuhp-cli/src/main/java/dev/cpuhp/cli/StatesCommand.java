package dev.cpuhp.cli;

import dev.cpuhp.Machine;
import dev.cpuhp.state.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cpuhp states}: the state table, as {@code hotplug/states} prints it. */
@Command(name = "states", mixinStandardHelpOptions = true,
        description = {"Print the hotplug state table (Linux 6.18 numbering).",
                "",
                "As /sys/devices/system/cpu/hotplug/states prints it, or with each state's",
                "section and callbacks."})
final class StatesCommand implements Runnable {
    @Option(names = "--long", description = "Also show the section and each direction's callback.")
    boolean verbose;

    @Option(names = "--json", description = "Print the table as JSON.")
    boolean json;

    @Override
    public void run() {
        try (Machine m = Machine.builder().ideal(1, 1, 1).bootCpuOnly().boot()) {
            List<Step> steps = m.states().named();
            if (json) {
                List<Map<String, Object>> rows = steps.stream().map(s -> {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("state", s.state());
                    r.put("name", s.name());
                    r.put("section", s.section().name().toLowerCase());
                    r.put("startup", s.startup() == null ? null : s.startup().symbol());
                    r.put("teardown", s.teardown() == null ? null : s.teardown().symbol());
                    r.put("cant_stop", s.cantStop());
                    return r;
                }).toList();
                Json.print(rows);
            } else if (verbose) {
                for (Step s : steps) {
                    System.out.printf("%3d: %-30s %-15s %-28s %s%s%n", s.state(), s.name(), s.section().label(),
                            s.startup() == null ? "-" : s.startup().symbol(),
                            s.teardown() == null ? "-" : s.teardown().symbol(), s.cantStop() ? "  (cant_stop)" : "");
                }
            } else {
                System.out.print(m.states().listing());
            }
        }
    }
}
