package dev.cpuhp.sysfs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cpuhp.sysfs.SysfsTree;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 7, bug 6: the server holds no more of a client than it allows. A body over the limit
 * is refused with 413 before it is read, and a trace stream whose client went away is let go
 * within two heartbeats, machine events or not.
 */
class ServerLimitsTest extends ServerTest {
    static final Duration HEARTBEAT = Duration.ofMillis(20);

    @Override
    SysfsServer.Limits limits() {
        return new SysfsServer.Limits(64 * 1024, HEARTBEAT);
    }

    @Test
    void aDeclaredBodyOverTheLimitIsRefusedBeforeItIsSent() throws Exception {
        for (String target : new String[] {"POST /api/write", "PUT /fs/sys/devices/system/cpu/cpu3/online"}) {
            // 50 MB announced, 1 KiB sent: an answer now means the server did not wait for the rest
            try (RawHttp c = new RawHttp(port, 10_000)) {
                c.send(target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n" + "0".repeat(1024));
                assertEquals("HTTP/1.1 413 Request Entity Too Large", c.line(), target);
                String rest = c.rest();
                assertTrue(rest.contains("\"error\":\"E2BIG\""), rest);
                assertTrue(rest.contains("over the server's limit of 65536 bytes"), rest);
            }
        }
        assertEquals("1\n", new SysfsTree(m).read("/sys/devices/system/cpu/cpu3/online").content(), "nothing written");
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimit() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            String chunk = "0".repeat(0x8000);
            c.send("PUT /fs/sys/devices/system/cpu/cpu3/online HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 3; i++) {
                c.send("8000\r\n" + chunk + "\r\n");
            }
            assertEquals("HTTP/1.1 413 Request Entity Too Large", c.line());
        }
    }

    @Test
    void aBodyAtTheLimitIsTaken() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            c.send("PUT /fs/sys/devices/system/cpu/cpu3/hotplug/fail HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n"
                    + "Connection: close\r\n\r\n" + "9".repeat(65536));
            assertEquals("HTTP/1.1 400 Bad Request", c.line(), "read, and refused by the kernel's rule: ERANGE");
            assertTrue(c.rest().contains("\"error\":\"ERANGE\""));
        }
    }

    @Test
    void aTraceClientThatWentAwayIsLetGoWithoutAnyEvent() throws Exception {
        RawHttp c = new RawHttp(port, 10_000);
        c.send("GET /api/trace HTTP/1.1\r\nHost: x\r\n\r\n");
        assertEquals("HTTP/1.1 200 OK", c.line());
        String l;
        do {
            l = c.line();
        } while (l != null && !l.equals(": cpuhp trace stream"));
        assertTrue(server.awaitTraceSubscribers(1, Duration.ofSeconds(10)), "subscribed");
        long events = m.tracer().counts()[0];
        c.close();
        assertTrue(server.awaitTraceSubscribers(0, Duration.ofSeconds(10)),
                "a closed client is released by the heartbeat; still " + server.traceSubscribers());
        assertEquals(events, m.tracer().counts()[0], "no trace event was needed to notice");
    }

    @Test
    void aLiveTraceClientGetsHeartbeats() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            c.send("GET /api/trace HTTP/1.1\r\nHost: x\r\n\r\n");
            int beats = 0;
            for (String l; beats < 2 && (l = c.line()) != null; ) {
                beats += l.equals(": keep-alive") ? 1 : 0;
            }
            assertEquals(2, beats);
            assertEquals(1, server.traceSubscribers());
        }
    }
}
