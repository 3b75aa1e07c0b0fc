package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.Machine;
import dev.cpuhp.boot.BringupPhase;
import dev.cpuhp.hotplug.CpuhpCpuState;
import dev.cpuhp.machine.Topology;
import dev.cpuhp.state.Section;
import dev.cpuhp.state.Step;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/machine}: the whole machine in one answer, for a page to draw and then keep
 * up to date from the trace: its shape (every CPU's socket, core and thread), the state table
 * with each state's section, the phases a grid colours by, and every CPU's state, target, fail
 * and online bit. Arrays are indexed by CPU number, so 8192 CPUs stay a small answer.
 */
final class MachineView {
    private final Machine m;

    MachineView(Machine m) {
        this.m = m;
    }

    void handle(HttpExchange ex) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        Answers.json(ex, 200, snapshot());
    }

    Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("profile", m.profile().name());
        out.put("cpus", m.nrCpuIds());
        out.put("topology", shape(m.topology()));
        out.put("state_control", m.stateControl());
        out.put("phases", phases());
        out.put("sections", sections());
        out.put("states", states());
        int n = m.nrCpuIds();
        int[] state = new int[n];
        int[] target = new int[n];
        int[] fail = new int[n];
        int[] online = new int[n];
        for (int cpu = 0; cpu < n; cpu++) {
            CpuhpCpuState st = m.hotplug().state(cpu);
            state[cpu] = st.state();
            target[cpu] = st.target();
            fail[cpu] = st.fail();
            online[cpu] = m.masks().isOnline(cpu) ? 1 : 0;
        }
        out.put("state", state);
        out.put("target", target);
        out.put("fail", fail);
        out.put("online", online);
        return out;
    }

    /** The shape and where each CPU sits in it (x86 numbering: see {@link Topology}). */
    static Map<String, Object> shape(Topology t) {
        int n = t.cpus();
        int[] socket = new int[n];
        int[] core = new int[n];
        int[] thread = new int[n];
        for (int cpu = 0; cpu < n; cpu++) {
            socket[cpu] = t.socket(cpu);
            core[cpu] = t.core(cpu);
            thread[cpu] = t.thread(cpu);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sockets", t.sockets());
        out.put("cores_per_socket", t.coresPerSocket());
        out.put("threads_per_core", t.threadsPerCore());
        out.put("socket", socket);
        out.put("core", core);
        out.put("thread", thread);
        return out;
    }

    /** The grid's colours, in order; a phase holds the states from its {@code first} up. */
    static List<Map<String, Object>> phases() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (BringupPhase p : BringupPhase.values()) {
            out.add(Map.of("name", p.name().toLowerCase(), "label", p.label(), "first", p.firstState()));
        }
        return out;
    }

    private static List<Map<String, Object>> sections() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Section s : Section.values()) {
            out.add(Map.of("name", s.name().toLowerCase(), "label", s.label(), "runs_on", s.runsOn()));
        }
        return out;
    }

    /** The named states, each with its section and which ways it has callbacks. */
    private List<Map<String, Object>> states() {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Step s : m.states().named()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("state", s.state());
            e.put("name", s.name());
            e.put("section", m.states().layout().section(s.state()).name().toLowerCase());
            e.put("startup", s.startup() != null);
            e.put("teardown", s.teardown() != null);
            e.put("cant_stop", s.cantStop());
            out.add(e);
        }
        return out;
    }
}
