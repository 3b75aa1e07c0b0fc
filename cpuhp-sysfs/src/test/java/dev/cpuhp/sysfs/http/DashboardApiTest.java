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
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The endpoints the dashboard added: the page, the machine snapshot, boot runs and torture runs. */
class DashboardApiTest extends ServerTest {

    @Test
    void thePageAndItsFilesComeFromTheServerItself() throws Exception {
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(page.body().contains("/app/app.js"), "the page loads its script from the server");
        assertFalse(page.body().matches("(?s).*(https?:)?//[a-z].*"), "nothing from another host");
        for (String f : new String[] {"app.js", "api.js", "grid.js", "panel.js", "activity.js", "playback.js",
                "torture.js", "trace.js", "style.css"}) {
            HttpResponse<String> r = get("/app/" + f);
            assertEquals(200, r.statusCode(), f);
            assertFalse(r.body().matches("(?s).*https?://.*"), f + " fetches nothing from elsewhere");
        }
        assertEquals("text/javascript; charset=utf-8", get("/app/app.js").headers().firstValue("Content-Type").orElse(""));
        JsonNode index = json(get("/api"));
        assertTrue(index.get("endpoints").toString().contains("/api/machine"), index.toString());
    }

    @ParameterizedTest
    @CsvSource({"/app/nope.js", "/app/..%2F..%2Fpom.xml", "/app/", "/app/App.js", "/app/x.class"})
    void anythingElseUnderAppIsOneJson404(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode(), r.body());
        assertEquals("ENOENT", json(r).get("error").asText());
    }

    @Test
    void theSnapshotHasEveryCpusPlaceAndState() throws Exception {
        send("PUT", "/fs" + CPU + "/cpu2/online", "0");
        JsonNode s = json(get("/api/machine"));
        assertEquals(4, s.get("cpus").asInt());
        JsonNode t = s.get("topology");
        assertEquals("[0,0,0,0]", t.get("socket").toString());
        assertEquals("[0,1,0,1]", t.get("core").toString(), "x86 numbering: primaries first");
        assertEquals("[0,0,1,1]", t.get("thread").toString());
        assertEquals("[236,236,0,236]", s.get("state").toString());
        assertEquals("[1,1,0,1]", s.get("online").toString());
        assertEquals("[-1,-1,-1,-1]", s.get("fail").toString());
        assertEquals(7, s.get("phases").size());
        assertEquals(0, s.get("phases").get(0).get("first").asInt());
        assertEquals(236, s.get("phases").get(6).get("first").asInt());
        JsonNode states = s.get("states");
        assertEquals("offline", states.get(0).get("name").asText());
        assertEquals("online", states.get(states.size() - 1).get("name").asText());
        assertEquals(405, send("POST", "/api/machine", "").statusCode());
    }

    @Test
    void aBootRunAnswersPlaybacksBoundAndFiles() throws Exception {
        JsonNode about = json(get("/api/boot"));
        assertEquals("skl-2s-112t", about.get("default_profile").asText(), "the served machine is not a built-in one");
        assertTrue(about.get("latest").isNull());
        HttpResponse<String> r = send("POST", "/api/boot", "{\"profile\": \"laptop-4t\", \"strategies\": [\"parallel\"]}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode b = json(r);
        assertEquals(4, b.get("cpus").asInt());
        assertEquals(1, b.get("runs").size(), "only the runs asked for are played");
        JsonNode run = b.get("runs").get(0);
        assertEquals("parallel", run.get("strategy").asText());
        assertEquals(4, run.get("cpus_up").asInt());
        JsonNode p = run.get("playback");
        int n = p.get("t").size();
        assertTrue(n > 0 && n == p.get("cpu").size() && n == p.get("phase").size(), "one entry per change");
        assertEquals(run.get("total_ns").asLong(), p.get("span").asLong());
        assertTrue(b.get("lower_bound").get("ns").asLong() <= run.get("total_ns").asLong(), "a bound");
        String id = b.get("id").asText();
        assertEquals(b.toString(), json(get("/api/boot/" + id)).toString(), "the same answer again");
        HttpResponse<String> trace = get("/api/boot/" + id + "/trace.json");
        assertEquals(200, trace.statusCode());
        assertTrue(JSON.readTree(trace.body()).get("traceEvents").size() > 100, "a Perfetto trace");
        assertTrue(trace.headers().firstValue("Content-Disposition").orElse("").contains("attachment"));
        HttpResponse<String> svg = get("/api/boot/" + id + "/timeline.svg");
        assertEquals("image/svg+xml", svg.headers().firstValue("Content-Type").orElse(""));
        assertTrue(svg.body().startsWith("<svg"), svg.body().substring(0, 40));
        assertEquals(404, get("/api/boot/" + (Integer.parseInt(id) + 1)).statusCode());
        assertEquals(404, get("/api/boot/" + id + "/other.txt").statusCode());
        assertEquals("0-3\n", get("/fs" + CPU + "/online").body(), "the served machine is not touched");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`{\"profile\": \"nope\"}`|\"profile\" must be one of [skl-2s-112t, laptop-4t, spr-16s-1920t, x86-8192, arm64-80c, qemu-6.12], not \"nope\"",
            "`{\"profile\": \"/etc/passwd\"}`|\"profile\" must be one of [skl-2s-112t, laptop-4t, spr-16s-1920t, x86-8192, arm64-80c, qemu-6.12], not \"/etc/passwd\"",
            "`{\"strategies\": \"serial\"}`|\"strategies\" must be an array of strings, not string",
            "`{\"strategies\": []}`|\"strategies\": name at least one of serial, parallel, pipelined",
            "`{\"strategies\": [1]}`|\"strategies\" must hold strings, not number",
            "`{\"seed\": -1}`|\"seed\" must be an integer from 0 to 9223372036854775807, not -1",
            "`{\"seed\": 1.5}`|\"seed\" must be an integer from 0 to 9223372036854775807, not 1.5",
            "`{\"cpus\": 3}`|unknown field \"cpus\"; a boot has \"profile\", \"strategies\" and \"seed\"",
            "`[]`|the body is JSON array, not an object with \"profile\", \"strategies\" and \"seed\""})
    void aBadBootIsOneClearError(String body, String message) throws Exception {
        assertInvalid(send("POST", "/api/boot", body), message);
    }

    @Test
    void aTortureRunStartsOnceStopsWhenAskedAndReports() throws Exception {
        assertFalse(json(get("/api/torture")).get("running").asBoolean());
        HttpResponse<String> started = send("POST", "/api/torture", "{\"seconds\": 60, \"threads\": 2, \"seed\": 11}");
        assertEquals(202, started.statusCode(), started.body());
        assertEquals("laptop-4t", json(started).get("profile").asText());
        HttpResponse<String> again = send("POST", "/api/torture", "{}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("EBUSY", json(again).get("error").asText());
        assertEquals(202, send("DELETE", "/api/torture", "").statusCode());
        assertTrue(server.awaitTortureIdle(Duration.ofSeconds(60)), "stopped when asked, long before its 60 s");
        JsonNode done = json(get("/api/torture"));
        assertFalse(done.get("running").asBoolean());
        assertTrue(done.get("elapsed_ms").asLong() < 60_000, done.toString());
        JsonNode report = done.get("report");
        assertEquals(report.get("ops").asLong(), done.get("ops").asLong(), "the counters are the report's");
        assertTrue(report.get("replay").asText().startsWith("cpuhp torture --seed 11"), report.toString());
        assertInvalid(send("POST", "/api/torture", "{\"seconds\": 0}"), "\"seconds\" must be an integer from 1 to 600, not 0");
    }

    @Test
    void bootAndTortureRunsFromElsewhereNeedTheToken() throws Exception {
        InetAddress external = external();
        try (SysfsServer open = SysfsServer.start(new SysfsTree(m), new InetSocketAddress(external, 0),
                new WritePolicy("s3cret"))) {
            String base = "http://" + external.getHostAddress() + ":" + open.address().getPort();
            for (String[] req : new String[][] {{"POST", "/api/boot"}, {"POST", "/api/torture"}, {"DELETE", "/api/torture"}}) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(base + req[1]))
                        .method(req[0], HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(403, r.statusCode(), req[0] + " " + req[1] + ": " + r.body());
                assertEquals("EPERM", json(r).get("error").asText());
            }
            HttpResponse<String> reads = client.send(HttpRequest.newBuilder(URI.create(base + "/api/machine")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reads.statusCode(), "reads are open to all");
            HttpResponse<String> allowed = client.send(HttpRequest.newBuilder(URI.create(base + "/api/boot"))
                    .header("Authorization", "Bearer s3cret")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"profile\": \"laptop-4t\", \"strategies\": [\"serial\"]}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, allowed.statusCode(), allowed.body());
            assertFalse(json(get("/api/torture")).get("running").asBoolean(), "nothing was started");
        }
    }
}
