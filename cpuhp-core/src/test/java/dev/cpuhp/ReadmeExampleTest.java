package dev.cpuhp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.cpuhp.errno.Errno;
import dev.cpuhp.hotplug.Hotplug;
import dev.cpuhp.state.CpuhpState;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's example, as written there, prints what the README says. */
class ReadmeExampleTest {
    @Test
    void theExampleDoesWhatTheReadmeSays() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            // ---- the README's example, verbatim
            try (Machine m = Machine.builder().profile("laptop-4t").boot()) {           // 4 CPUs, all online
                Hotplug hp = m.hotplug();
                int state = hp.setupState(CpuhpState.AP_ONLINE_DYN, "demo:online",       // a dynamic ONLINE state:
                        cpu -> { System.out.println("up   " + cpu); return 0; },         // startup runs now on CPUs 0-3,
                        cpu -> { System.out.println("down " + cpu); return 0; });        // each on its cpuhp/N thread
                hp.cpuDown(3);                                                           // prints "down 3"; 0 = success
                hp.cpuUp(3);                                                             // prints "up   3"
                hp.setFail(3, state);                                                    // fault injection, one shot:
                System.out.println(Errno.describe(hp.cpuDown(3)));                       // "-11 (EAGAIN)", CPU 3 rolled forward
                hp.removeState(state);                                                   // teardown on CPUs 0-3
            }
            // ----
        } finally {
            System.setOut(stdout);
        }
        assertEquals(List.of("up   0", "up   1", "up   2", "up   3", "down 3", "up   3", "-11 (EAGAIN)",
                "down 0", "down 1", "down 2", "down 3"), buf.toString(StandardCharsets.UTF_8).lines().toList());
    }
}
