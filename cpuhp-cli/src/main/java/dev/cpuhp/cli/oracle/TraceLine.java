package dev.cpuhp.cli.oracle;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code cpuhp_enter}, {@code cpuhp_multi_enter} or {@code cpuhp_exit} line of a trace in
 * the kernel's text format (the real kernel's and cpuhp's are the same format).
 *
 * @param comm   the task that emitted it
 * @param pid    its pid
 * @param enter  an enter (else an exit)
 * @param cpu    the CPU the step is for (the {@code cpu:} field)
 * @param target enter: the operation's target; exit: the CPU's state after the step
 * @param step   the step's state number
 * @param fun    enter: the callback's symbol; exit: null
 * @param ret    exit: the return value
 * @param text   the line as printed
 */
public record TraceLine(String comm, int pid, boolean enter, int cpu, int target, int step, String fun, int ret, String text) {
    private static final Pattern LINE = Pattern.compile(
            "^\\s*(.+)-(\\d+)\\s+\\[(\\d+)\\]\\s+\\S+\\s+[\\d.]+: (cpuhp_enter|cpuhp_multi_enter|cpuhp_exit): +"
                    + "cpu: (\\d+) +(target|state): +(-?\\d+) step: +(-?\\d+) (?:\\((\\S+)\\)|ret: (-?\\d+))");

    /** The line, if it is a cpuhp event. */
    public static Optional<TraceLine> parse(String line) {
        Matcher m = LINE.matcher(line);
        if (!m.find()) {
            return Optional.empty();
        }
        boolean enter = !m.group(4).equals("cpuhp_exit");
        return Optional.of(new TraceLine(m.group(1).strip(), Integer.parseInt(m.group(2)), enter, Integer.parseInt(m.group(5)),
                Integer.parseInt(m.group(7)), Integer.parseInt(m.group(8)), enter ? m.group(9) : null,
                enter ? 0 : Integer.parseInt(m.group(10)), line.strip()));
    }

    /**
     * What kind of task ran it: the kernel's names, whatever the pids. Pid 1 is the init task,
     * boot's control task: ftrace prints a pid's latest name, so a trace read after boot names
     * it after the init program ({@code init}), cpuhp after the task it was then ({@code swapper/0}).
     */
    public String kind() {
        if (pid == 1) {
            return "init";
        } else if (comm.startsWith("cpuhp/")) {
            return "cpuhp/N";
        } else if (comm.startsWith("kworker/")) {
            return "kworker";
        } else if (comm.startsWith("swapper/")) {
            return "idle";
        } else if (comm.startsWith("migration/")) {
            return "migration/N";
        }
        return "writer";
    }
}
