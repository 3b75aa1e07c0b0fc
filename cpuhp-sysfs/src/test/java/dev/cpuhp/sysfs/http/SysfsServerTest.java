package dev.cpuhp.sysfs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cpuhp.sysfs.SysfsTree;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The HTTP API: reads, writes with the kernel's errnos, listings, the live trace, the write policy. */
class SysfsServerTest extends ServerTest {
    @Test
    void readsFiles() throws Exception {
        HttpResponse<String> r = get("/api/read?path=" + CPU + "/online");
        assertEquals(200, r.statusCode());
        assertEquals("0-3\n", json(r).get("content").asText());
        assertEquals("0-3\n", get("/fs" + CPU + "/online").body());
        HttpResponse<String> missing = get("/api/read?path=" + CPU + "/cpu0/online");
        assertEquals(404, missing.statusCode());
        assertEquals("ENOENT", json(missing).get("error").asText());
        assertEquals(2, json(missing).get("errno").asInt());
    }

    @Test
    void writesAnswerWithTheKernelsErrno() throws Exception {
        HttpResponse<String> ok = send("POST", "/api/write", "{\"path\":\"" + CPU + "/cpu3/online\",\"value\":\"0\\n\"}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(2, json(ok).get("written").asInt());
        assertEquals("0-2\n", get("/fs" + CPU + "/online").body());

        HttpResponse<String> bad = send("POST", "/api/write", "{\"path\":\"" + CPU + "/cpu3/hotplug/target\",\"value\":\"5\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("EINVAL", json(bad).get("error").asText());
        assertEquals(22, json(bad).get("errno").asInt());
        assertEquals("Invalid argument", json(bad).get("message").asText());

        HttpResponse<String> ro = send("PUT", "/fs" + CPU + "/online", "1");
        assertEquals(403, ro.statusCode());
        assertEquals("EACCES", json(ro).get("error").asText());

        HttpResponse<String> range = send("PUT", "/fs" + CPU + "/cpu1/hotplug/fail", "99999999999");
        assertEquals("ERANGE", json(range).get("error").asText());

        assertEquals(200, send("PUT", "/fs" + CPU + "/cpu3/online", "1").statusCode());
        assertEquals("0-3\n", get("/fs" + CPU + "/online").body());
        assertTrue(m.tracer().snapshot().stream().anyMatch(e -> e.ctx().comm().equals("http")),
                "writes run as a task named after the interface");
    }

    @Test
    void malformedRequestsAndMethods() throws Exception {
        assertEquals("EINVAL", json(send("POST", "/api/write", "not json")).get("error").asText());
        assertEquals("EINVAL", json(send("POST", "/api/write", "{\"path\":\"x\"}")).get("error").asText());
        HttpResponse<String> wrong = get("/api/write");
        assertEquals(405, wrong.statusCode());
        assertEquals(404, get("/nope").statusCode());
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void listsDirectories() throws Exception {
        JsonNode l = json(get("/api/list?path=" + CPU));
        boolean online = false;
        boolean cpu0 = false;
        for (JsonNode e : l.get("entries")) {
            online |= e.get("name").asText().equals("online") && e.get("type").asText().equals("file")
                    && e.get("mode").asText().equals("0444");
            cpu0 |= e.get("name").asText().equals("cpu0") && e.get("type").asText().equals("dir");
        }
        assertTrue(online && cpu0, l.toString());
        assertEquals("ENOTDIR", json(get("/api/list?path=" + CPU + "/online")).get("error").asText());
    }

    @Test
    void streamsTheTraceAsItHappens() throws Exception {
        HttpResponse<Stream<String>> r = client.send(HttpRequest.newBuilder(URI.create(base + "/api/trace")).build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals("text/event-stream; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
        Iterator<String> lines = r.body().iterator();
        assertEquals(": cpuhp trace stream", lines.next(), "subscribed");
        CompletableFuture.runAsync(() -> m.hotplug().cpuDown(2));
        String data = CompletableFuture.supplyAsync(() -> {
            while (lines.hasNext()) {
                String l = lines.next();
                if (l.startsWith("data: ") && l.contains("cpuhp_enter")) {
                    return l;
                }
            }
            return "";
        }).get(30, TimeUnit.SECONDS);
        assertTrue(data.contains("cpuhp_enter: cpu: 0002 target: 144 step: 236 (cpuhp_kick_ap_work)"), data);
        r.body().close();
    }

    @Test
    void aWriteArrivingOnANonLoopbackAddressIsRefusedWithoutTheToken() throws Exception {
        InetAddress external = external();
        try (SysfsServer open = SysfsServer.start(new SysfsTree(m), new InetSocketAddress(external, 0),
                new WritePolicy("s3cret"))) {
            String url = "http://" + external.getHostAddress() + ":" + open.address().getPort() + "/fs" + CPU + "/cpu3/online";
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, refused.statusCode());
            assertEquals("EPERM", json(refused).get("error").asText());
            assertEquals("0-3\n", get("/fs" + CPU + "/online").body(), "nothing changed");
            HttpResponse<String> reads = client.send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals("1\n", reads.body(), "reads are open to all");
            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer s3cret")
                    .PUT(HttpRequest.BodyPublishers.ofString("0")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertEquals("0-2\n", get("/fs" + CPU + "/online").body());
        }
    }

    @Test
    void writesFromElsewhereNeedTheToken() throws Exception {
        InetAddress local = InetAddress.getLoopbackAddress();
        InetAddress remote = InetAddress.getByName("192.0.2.7");
        assertTrue(new WritePolicy(null).allows(local, null));
        assertFalse(new WritePolicy(null).allows(remote, null));
        assertFalse(new WritePolicy(null).allows(remote, "Bearer anything"));
        WritePolicy withToken = new WritePolicy("s3cret");
        assertTrue(withToken.allows(remote, "Bearer s3cret"));
        assertFalse(withToken.allows(remote, "Bearer s3cre"));
        assertFalse(withToken.allows(remote, "s3cret"));
        assertFalse(withToken.allows(remote, null));
    }
}
