package dev.cpuhp.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The timeline's rows: every AP on small machines; groups and the slowest APs on large ones. */
class TimelineRowsTest {
    private static List<ApTimeline> aps(int n) {
        List<ApTimeline> out = new ArrayList<>();
        for (int cpu = 1; cpu <= n; cpu++) {
            long tail = cpu == 77 ? 9_000 : cpu % 10 * 100;
            out.add(new ApTimeline(cpu, true, 0, 10, 10, 10 + tail, 10 + tail, 20 + tail, 20 + tail, 30 + tail, 40 + tail));
        }
        return out;
    }

    @Test
    void upToTheLimitEveryApHasItsRow() {
        List<TimelineRows.Row> rows = TimelineRows.of(aps(TimelineRows.MAX_INDIVIDUAL));
        assertEquals(TimelineRows.MAX_INDIVIDUAL, rows.size());
        assertTrue(rows.stream().allMatch(r -> r instanceof TimelineRows.Single s && !s.slowest()));
    }

    @Test
    void pastItApsAreGroupedAndTheSlowestShownOneByOne() {
        for (int n : new int[] {TimelineRows.MAX_INDIVIDUAL + 1, 1919, 8191}) {
            List<TimelineRows.Row> rows = TimelineRows.of(aps(n));
            List<TimelineRows.Group> groups = rows.stream().filter(r -> r instanceof TimelineRows.Group)
                    .map(r -> (TimelineRows.Group) r).toList();
            assertTrue(groups.size() <= TimelineRows.MAX_GROUPS, n + ": " + groups.size() + " groups");
            int size = groups.get(0).aps().size();
            assertEquals(Integer.bitCount(size), 1, "a power of two per group");
            assertEquals(n, groups.stream().mapToInt(g -> g.aps().size()).sum(), "every AP in one group");
            List<TimelineRows.Row> slowest = rows.subList(groups.size(), rows.size());
            assertEquals(TimelineRows.SLOWEST, slowest.size());
            assertEquals("CPU 77", slowest.get(0).label(), "the slowest first");
            assertEquals("CPUs 1-" + size, groups.get(0).label());
        }
        assertEquals(128, TimelineRows.of(aps(8191)).get(0) instanceof TimelineRows.Group g ? g.aps().size() : -1,
                "8191 APs: groups of 128, one socket's primary threads on x86-8192");
    }

    @Test
    void aGroupedTimelineStaysSmall() {
        BootRun run = new BootRun(null, 0, 1_000, 0, 0, null, new long[0], 0, "", 0, aps(8191), List.of(), List.of());
        String svg = TimelineSvg.render("t", List.of(new TimelineSvg.Panel("p", run)));
        assertTrue(svg.length() < 500_000, svg.length() + " bytes");
        assertTrue(svg.contains(">CPU 77<") && svg.contains(">CPUs 1-128<"));
    }
}
