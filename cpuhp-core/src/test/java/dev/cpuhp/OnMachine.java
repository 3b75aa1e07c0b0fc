package dev.cpuhp;

import dev.cpuhp.hotplug.Hotplug;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A test that runs on a freshly booted machine, closed after each test. The machine is a
 * 4-CPU one where nothing costs time unless {@link #machine()} says otherwise.
 */
public abstract class OnMachine {
    protected Machine m;
    protected Hotplug hp;

    /** The machine to boot for each test. */
    protected Machine.Builder machine() {
        return Machine.builder().ideal(1, 4, 1);
    }

    @BeforeEach
    final void bootMachine() {
        m = machine().boot();
        hp = m.hotplug();
    }

    @AfterEach
    final void closeMachine() {
        m.close();
    }
}
