package dev.cpuhp.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cpuhp.boot.BootExperiment;
import dev.cpuhp.boot.BootRun;
import dev.cpuhp.boot.BootSpec;
import dev.cpuhp.hotplug.Strategy;
import dev.cpuhp.platform.HardwareProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streamed kernel-format file is, byte for byte, what {@link FtraceWriter} prints. */
class FtraceStreamTest {
    @Test
    void aStreamedBootIsByteForByteTheKernelFormat(@TempDir Path dir) throws Exception {
        BootRun run = BootExperiment.run(BootSpec.of(HardwareProfile.resolve("laptop-4t"), Strategy.PARALLEL).withSeed(3));
        List<TraceEvent> events = new ArrayList<>(run.events());
        // Edge cases the boot does not reach: negative returns and states, long comms, wide CPU numbers.
        events.add(new TraceEvent.CpuhpExit(new Ctx(123_456_789_012L, 8191, "a-very-long-task-name", 4242424, true, true),
                8191, -1, 236, -22));
        events.add(new TraceEvent.CpuhpEnter(new Ctx(5, 12, "cpuhp/12", 9, false, true), 12, 0, 7, "fn"));
        events.add(new TraceEvent.CsdQueueCpu(new Ctx(7, 3, "x", 1, false, true), 3, "site", "f", 0));
        Path f = dir.resolve("t.trace");
        try (FtraceStream s = new FtraceStream(f, 4)) {
            events.forEach(s);
        }
        StringBuilder expected = new StringBuilder();
        FtraceWriter.write(events, 4, expected);
        assertEquals(expected.toString(), Files.readString(f));
        assertEquals(List.of("t.trace"), Files.list(dir).map(p -> p.getFileName().toString()).toList(), "no side file left");
    }
}
