package dev.cpuhp.sysfs;

import java.util.List;
import java.util.function.Supplier;

/** An entry of the tree: a directory, or an attribute file with a show and maybe a store. */
public sealed interface Node permits Node.Dir, Node.Attr {

    String name();

    /** The permission bits, as {@code ls -l} shows them. */
    int mode();

    /** A directory; its entries are computed when asked, from the machine's state then. */
    record Dir(String name, Supplier<List<Node>> entries) implements Node {
        public int mode() {
            return 0755;
        }
    }

    /**
     * An attribute: {@code show} gives its whole content; {@code store} (null for a
     * read-only file) takes one write and returns the bytes taken or a negative errno.
     */
    record Attr(String name, int mode, Supplier<String> show, Store store) implements Node {
        public boolean writable() {
            return store != null;
        }
    }

    /** A {@code _store()} method: the written buffer in, count or {@code -errno} out. */
    @FunctionalInterface
    interface Store {
        int store(String buf);
    }

    static Attr ro(String name, Supplier<String> show) {
        return new Attr(name, 0444, show, null);
    }

    static Attr rw(String name, Supplier<String> show, Store store) {
        return new Attr(name, 0644, show, store);
    }

    static Dir dir(String name, Supplier<List<Node>> entries) {
        return new Dir(name, entries);
    }
}
