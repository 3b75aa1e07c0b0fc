package dev.cpuhp.cli.fuzz;

import dev.cpuhp.sysfs.Node;
import dev.cpuhp.sysfs.SysfsTree;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every readable file of a machine's tree and what it reads, at one moment: the state a
 * refused write must leave as it found it.
 *
 * @param files path to content, or to "&lt;errno&gt;" for a file that could not be read
 */
record Snapshot(Map<String, String> files) {

    /** The whole tree, read in process. */
    static Snapshot of(SysfsTree tree) {
        Map<String, String> out = new TreeMap<>();
        walk(tree, "/", out);
        return new Snapshot(out);
    }

    private static void walk(SysfsTree tree, String path, Map<String, String> out) {
        SysfsTree.Listing l = tree.list(path);
        for (Node n : l.entries()) {
            String child = (path.equals("/") ? "" : path) + "/" + n.name();
            if (n instanceof Node.Dir) {
                walk(tree, child, out);
            } else {
                SysfsTree.Read r = tree.read(child);
                out.put(child, r.ok() ? r.content() : "<" + r.error() + ">");
            }
        }
    }

    /** The same without the {@code hotplug/fail} files, which a consumed injection resets. */
    Snapshot withoutFail() {
        Map<String, String> out = new TreeMap<>(files);
        out.keySet().removeIf(p -> p.endsWith("/hotplug/fail"));
        return new Snapshot(out);
    }

    /** What differs from {@code later}, one "path: before -> after" each; empty if nothing. */
    List<String> diff(Snapshot later) {
        List<String> out = new ArrayList<>();
        TreeSet<String> paths = new TreeSet<>(files.keySet());
        paths.addAll(later.files.keySet());
        for (String p : paths) {
            String a = files.get(p);
            String b = later.files.get(p);
            if (!Objects.equals(a, b)) {
                out.add(p + ": " + show(a) + " -> " + show(b));
            }
        }
        return out;
    }

    private static String show(String content) {
        return content == null ? "<gone>" : Inputs.escape(content, 60);
    }

    /** The paths of the directories that hold these files (the root's children and below). */
    TreeSet<String> directories() {
        TreeSet<String> dirs = new TreeSet<>();
        for (String f : files.keySet()) {
            for (int i = f.indexOf('/', 1); i > 0; i = f.indexOf('/', i + 1)) {
                dirs.add(f.substring(0, i));
            }
        }
        return dirs;
    }
}
