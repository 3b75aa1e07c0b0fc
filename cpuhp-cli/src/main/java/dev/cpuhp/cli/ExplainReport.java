package dev.cpuhp.cli;

import dev.cpuhp.boot.ApExplanation;
import dev.cpuhp.hotplug.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@code cpuhp boot --explain CPU}: that AP's path in each strategy. */
final class ExplainReport {
    private final String heading;
    private final Map<Strategy, ApExplanation> paths;

    ExplainReport(String heading, Map<Strategy, ApExplanation> paths) {
        this.heading = heading;
        this.paths = paths;
    }

    String text() {
        StringBuilder sb = new StringBuilder(heading).append('\n');
        paths.forEach((s, e) -> {
            sb.append(String.format(Locale.ROOT, "%n%s: CPU %d (%s thread), done at %.3f ms of %.3f ms%n", s.cliName(),
                    e.cpu(), e.primary() ? "primary" : "secondary", e.done() / 1e6, e.end() / 1e6));
            for (ApExplanation.Stretch st : e.stretches()) {
                sb.append(String.format(Locale.ROOT, "  %9.3f - %9.3f ms %9.3f ms  %-28s %s%n", st.from() / 1e6,
                        st.to() / 1e6, st.nanos() / 1e6, st.what(), st.why()));
            }
            sb.append(String.format(Locale.ROOT, "  critical path: %s; %s%n",
                    e.controlWaited() > 0
                            ? String.format(Locale.ROOT, "the control side waited %.3f ms for it to report alive", e.controlWaited() / 1e6)
                            : "nobody waited for it to report alive",
                    e.slack() == 0 ? "the last AP done: it ends the bringup"
                            : String.format(Locale.ROOT, "done %.3f ms before the last AP", e.slack() / 1e6)));
        });
        return sb.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> runs = new ArrayList<>();
        paths.forEach((s, e) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("strategy", s.cliName());
            m.put("cpu", e.cpu());
            m.put("primary", e.primary());
            m.put("done_ms", e.done() / 1e6);
            m.put("bringup_end_ms", e.end() / 1e6);
            m.put("control_waited_ms", e.controlWaited() / 1e6);
            m.put("slack_ms", e.slack() / 1e6);
            List<Map<String, Object>> st = new ArrayList<>();
            for (ApExplanation.Stretch x : e.stretches()) {
                Map<String, Object> y = new LinkedHashMap<>();
                y.put("what", x.what());
                y.put("from_ms", x.from() / 1e6);
                y.put("to_ms", x.to() / 1e6);
                y.put("why", x.why());
                st.add(y);
            }
            m.put("stretches", st);
            runs.add(m);
        });
        root.put("explain", runs);
        return root;
    }
}
