package dev.cpuhp.sysfs;

import dev.cpuhp.Machine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The fixture of the tree's tests: a fresh 1 socket x 2 cores x 2 threads machine, every CPU
 * online, and its tree. A test may replace both with another machine; the last one is closed.
 */
abstract class TreeTest {
    static final String CPU = "/sys/devices/system/cpu";

    Machine m;
    SysfsTree tree;

    @BeforeEach
    void bootFixture() {
        use(Machine.builder().ideal(1, 2, 2).boot());
    }

    /** Closes the current machine and works on {@code machine} instead. */
    void use(Machine machine) {
        if (m != null) {
            m.close();
        }
        m = machine;
        tree = new SysfsTree(machine);
    }

    @AfterEach
    void closeFixture() {
        m.close();
    }
}
