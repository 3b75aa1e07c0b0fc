package dev.cpuhp.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.cpuhp.Machine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A machine takes any kernel's table from its {@code hotplug/states} listing: the numbers,
 * sections and dynamic ranges are that kernel's, the core's states keep their behaviour.
 */
class KernelTableTest {

    @Test
    void linux612ListingGivesItsNumbersSectionsAndDynamicRanges() {
        KernelTable t = KernelTable.resolve("linux-6.12");
        Layout l = t.layout();
        assertEquals(Layout.LINUX_6_12, l);
        assertEquals(85, l.bpKickAp());
        assertEquals(86, l.bringupCpu());
        assertEquals(144, l.apOnline());
        assertEquals(145, l.teardownCpu());
        assertEquals(146, l.apOnlineIdle());
        assertEquals(235, l.apActive());
        assertEquals(236, l.online());
        assertEquals(64, l.bpPrepareDyn());
        assertEquals(84, l.bpPrepareDynEnd(), "21 PREPARE slots");
        assertEquals(192, l.apOnlineDyn());
        assertEquals(232, l.apOnlineDynEnd(), "41 ONLINE slots");
        assertEquals(Section.PREPARE, l.section(65));
        assertEquals(Section.KICK, l.section(85));
        assertEquals(Section.BRINGUP, l.section(86));
        assertEquals(Section.STARTING, l.section(90));
        assertEquals(Section.STARTING, l.section(144));
        assertEquals(Section.TEARDOWN, l.section(145));
        assertEquals(Section.ONLINE, l.section(150));
        assertEquals(Section.FINAL, l.section(236));
        assertTrue(l.isAtomic(141) && !l.isAtomic(144) && !l.isAtomic(86));
    }

    @Test
    void aMachineOfTheImportedTableListsAndAllocatesAsThatKernel() throws IOException {
        String listing = new String(KernelTable.class.getResourceAsStream("/dev/cpuhp/kernels/linux-6.12.states").readAllBytes());
        try (Machine m = Machine.builder().ideal(1, 2, 1).states("linux-6.12").minimalTable().bootCpuOnly().boot()) {
            assertEquals("cpu:bringup", m.states().name(86));
            assertTrue(m.states().isCantStop(86) && m.states().isCantStop(88) && m.states().isCantStop(145));
        }
        try (Machine m = Machine.builder().ideal(1, 2, 1).states("linux-6.12").boot()) {
            assertEquals(listing, m.states().listing(), "the listing round-trips");
            assertEquals(66, m.hotplug().setupState(64, "test:prepare", c -> 0, c -> 0), "first free PREPARE slot");
            assertEquals(202, m.hotplug().setupState(192, "test:online", c -> 0, c -> 0), "first free ONLINE slot");
            Step bio = m.states().step(22);
            assertEquals("block/bio:dead", bio.name());
            assertTrue(bio.multiInstance());
            assertEquals(2, bio.instances().size(), "the guest calls bio_cpu_dead twice");
            assertNull(bio.startup());
            assertEquals("bio_cpu_dead", bio.teardown().symbol());
            assertEquals("sched_cpu_starting", m.states().step(90).startup().symbol(), "6.18's name, 6.18's callback");
            assertEquals("mce_cpu_pre_down", m.states().step(200).teardown().symbol());
            assertEquals(0, m.hotplug().cpuDown(1));
            assertEquals(0, m.hotplug().cpuUp(1));
        }
    }

    @Test
    void theDefaultTableReimportedIsLinux618() {
        try (Machine m = Machine.builder().ideal(1, 1, 1).bootCpuOnly().boot()) {
            KernelTable t = KernelTable.fromListing(m.states().listing(), "6.18 listing");
            assertEquals(Layout.LINUX_6_18, t.layout());
            assertEquals(Linux618.ROWS.size(), t.rows().size());
            assertEquals(Linux618.ROWS, t.rows(), "same names, numbers, callbacks and cant_stop");
        }
    }

    @Test
    void aListingOfAnUnknownKernelIsRefusedSayingWhy() {
        var e = assertThrows(IllegalArgumentException.class, () -> KernelTable.fromListing(
                "  0: offline\n 90: cpu:kick_ap\n 91: cpu:bringup\n150: ap:online\n151: cpu:teardown\n240: sched:active\n241: online\n",
                "x.states"));
        assertTrue(e.getMessage().startsWith("x.states: no known kernel has cpu:kick_ap/cpu:teardown/online at 90/151/241"),
                e.getMessage());
        var bad = assertThrows(IllegalArgumentException.class, () -> KernelTable.fromListing("  0 offline\n", "y.states"));
        assertEquals("y.states:1: expected \"NUMBER: NAME\", got \"0 offline\"", bad.getMessage());
        assertFalse(KernelTable.BUILTIN.isEmpty());
    }

    /**
     * The layouts are the kernels' own enums: counted from {@code include/linux/cpuhotplug.h}
     * of Debian's {@code linux-source-6.12}, which {@code scripts/install-deps} extracts.
     */
    @Test
    void linux612LayoutIsItsHeaders() throws Exception {
        Path header = Path.of(System.getProperty("user.dir")).getParent().resolve(".cache/linux/cpuhotplug-6.12.h");
        assumeTrue(Files.isRegularFile(header), "no " + header + " (scripts/install-deps extracts it from linux-source-6.12)");
        Map<String, Integer> e = enumValues(Files.readString(header));
        Layout l = Layout.LINUX_6_12;
        assertEquals(new Layout("6.12", e.get("CPUHP_BP_PREPARE_DYN"), e.get("CPUHP_BP_PREPARE_DYN_END"),
                e.get("CPUHP_BP_KICK_AP"), e.get("CPUHP_BRINGUP_CPU"), e.get("CPUHP_AP_IDLE_DEAD"),
                e.get("CPUHP_AP_OFFLINE"), e.get("CPUHP_AP_SCHED_STARTING"), e.get("CPUHP_AP_ONLINE"),
                e.get("CPUHP_TEARDOWN_CPU"), e.get("CPUHP_AP_ONLINE_IDLE"), e.get("CPUHP_AP_ONLINE_DYN"),
                e.get("CPUHP_AP_ONLINE_DYN_END"), e.get("CPUHP_AP_ACTIVE"), e.get("CPUHP_ONLINE")), l);
    }

    /** {@code enum cpuhp_state}'s values: each member is the previous plus one, or its initialiser. */
    static Map<String, Integer> enumValues(String header) {
        String body = header.substring(header.indexOf("enum cpuhp_state {"));
        body = body.substring(0, body.indexOf("};")).replaceAll("/\\*(?s).*?\\*/", "");
        Map<String, Integer> out = new HashMap<>();
        int value = -2;
        Matcher m = Pattern.compile("(CPUHP_\\w+)\\s*(?:=\\s*([^,]+))?,").matcher(body);
        while (m.find()) {
            if (m.group(2) == null) {
                value++;
            } else {
                String[] expr = m.group(2).strip().split("\\s*\\+\\s*");
                value = expr[0].matches("-?\\d+") ? Integer.parseInt(expr[0]) : out.get(expr[0]);
                value += expr.length > 1 ? Integer.parseInt(expr[1]) : 0;
            }
            out.put(m.group(1), value);
        }
        return out;
    }
}
