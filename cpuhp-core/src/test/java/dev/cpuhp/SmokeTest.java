package dev.cpuhp;

import static org.junit.jupiter.api.Assertions.*;

import dev.cpuhp.trace.FtraceWriter;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void bootsAndHotplugs() {
        try (Machine m = Machine.builder().ideal(1, 2, 2).boot()) {
            assertEquals("0-3", m.masks().online().toList(), m.log().lines().toString());
            m.tracer().clear();
            int r = m.hotplug().cpuDown(3);
            StringBuilder t = new StringBuilder();
            FtraceWriter.write(m.tracer().snapshot(), 4, t);
            System.out.println(t);
            System.out.println(String.join("\n", m.log().lines()));
            System.out.println("state " + m.hotplug().state(3).state());
            assertEquals(0, r);
            assertEquals("0-2", m.masks().online().toList());
            assertEquals(0, m.hotplug().cpuUp(3));
            assertEquals("0-3", m.masks().online().toList());
            StringBuilder sb = new StringBuilder();
            FtraceWriter.write(m.tracer().snapshot(), 4, sb);
            System.out.println(sb);
            System.out.println(String.join("\n", m.log().lines()));
        }
    }
}
