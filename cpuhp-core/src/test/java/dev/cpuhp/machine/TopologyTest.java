package dev.cpuhp.machine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * x86 enumeration: primary threads first, socket by socket, then their siblings (Intel server
 * firmware); or a core's threads next to each other (QEMU, as the 6.12 guest's
 * {@code thread_siblings_list} shows: {0,1} {2,3} {4,5} {6,7}).
 */
class TopologyTest {
    final Topology skl = new Topology(2, 28, 2);
    final Topology qemu = new Topology(2, 2, 2, Topology.Numbering.SIBLINGS_ADJACENT);

    @Test
    void numbersSiblingsAdjacent() {
        assertEquals("0,2,4,6", qemu.primaryThreads().toList());
        assertEquals("0-1", qemu.threadSiblings(1).toList());
        assertEquals("6-7", qemu.threadSiblings(6).toList());
        assertEquals(2, qemu.primaryOf(3));
        assertFalse(qemu.isPrimary(3));
        assertEquals(1, qemu.thread(7));
        assertEquals("0-3", qemu.coreSiblings(2).toList());
        assertEquals("4-7", qemu.coreSiblings(5).toList());
        assertEquals(1, qemu.socket(4));
        assertEquals(1, qemu.core(3));
        assertEquals(0, qemu.core(5));
        assertEquals(4, qemu.firstOfSocket(1));
        assertEquals(Topology.Numbering.SIBLINGS_ADJACENT, Topology.Numbering.parse("siblings-adjacent"));
        assertThrows(IllegalArgumentException.class, () -> Topology.Numbering.parse("interleaved"));
    }

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
