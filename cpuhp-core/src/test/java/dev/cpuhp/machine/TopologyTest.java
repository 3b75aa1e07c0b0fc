package dev.cpuhp.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** x86 enumeration: primary threads first, socket by socket, then their siblings. */
class TopologyTest {
    final Topology skl = new Topology(2, 28, 2);

    @Test
    void numbersPrimariesFirst() {
        assertEquals(112, skl.cpus());
        assertEquals("0-55", skl.primaryThreads().toList());
        assertTrue(skl.isPrimary(55));
        assertFalse(skl.isPrimary(56));
        assertEquals(0, skl.primaryOf(56));
        assertEquals("0,56", skl.threadSiblings(56).toList());
        assertEquals("27,83", skl.threadSiblings(27).toList());
    }

    @Test
    void socketsAndCores() {
        assertEquals(0, skl.socket(27));
        assertEquals(1, skl.socket(28));
        assertEquals(1, skl.socket(84));
        assertEquals(0, skl.core(28));
        assertEquals("0-27,56-83", skl.coreSiblings(5).toList());
        assertEquals("28-55,84-111", skl.coreSiblings(100).toList());
        assertEquals(28, skl.firstOfSocket(1));
    }

    @Test
    void limits() {
        assertEquals(8192, new Topology(64, 64, 2).cpus());
        assertThrows(IllegalArgumentException.class, () -> new Topology(65, 64, 2));
        assertThrows(IllegalArgumentException.class, () -> new Topology(0, 1, 1));
    }
}
