package dev.cpuhp.sysfs;

import java.util.ArrayList;
import java.util.List;

/** Test helper: every file under a path with its content, "path: content" per line. */
final class TreeDump {
    private TreeDump() {
    }

    static List<String> files(SysfsTree tree, String path) {
        List<String> out = new ArrayList<>();
        walk(tree, path, out);
        return out;
    }

    private static void walk(SysfsTree tree, String path, List<String> out) {
        var listing = tree.list(path);
        if (!listing.ok()) {
            out.add(path);
            return;
        }
        listing.entries().stream().map(Node::name).sorted().forEach(name -> walk(tree, path + "/" + name, out));
    }

    /** "path: content" for every file under {@code path}, content newlines shown as \n. */
    static String dump(SysfsTree tree, String path) {
        StringBuilder sb = new StringBuilder();
        for (String f : files(tree, path)) {
            var r = tree.read(f);
            sb.append(f).append(": ").append(r.ok() ? r.content().replace("\n", "\\n") : r.error()).append('\n');
        }
        return sb.toString();
    }
}
