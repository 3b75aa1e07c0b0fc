package dev.cpuhp.sysfs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cpuhp.sched.SimulationDeadlockError;
import dev.cpuhp.sysfs.FailingEngine;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every request gets an answer that says what was wrong: 405 with Allow, 404, 400 with one
 * line naming the problem, and 500 with the engine's report when the engine itself fails.
 */
class ServerAnswersTest extends ServerTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "DELETE|/api/read|GET, HEAD",
            "POST|/api/list|GET, HEAD",
            "PUT|/api/write|POST",
            "GET|/api/write|POST",
            "PATCH|/fs/sys/devices/system/cpu/online|GET, PUT, HEAD",
            "POST|/api/trace|GET, HEAD",
            "DELETE|/|GET, HEAD",
            "FROB|/api/dmesg|GET, HEAD"})
    void aWrongMethodIs405WithAllow(String method, String path, String allow) throws Exception {
        HttpResponse<String> r = send(method, path, "");
        assertEquals(405, r.statusCode(), r.body());
        assertEquals(allow, r.headers().firstValue("Allow").orElse(""));
        assertEquals(method + " is not allowed here; allowed: " + allow, json(r).get("message").asText());
        HttpResponse<String> options = send("OPTIONS", path, "");
        assertEquals(204, options.statusCode());
        assertEquals(allow, options.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void headIsGetWithoutTheBody() throws Exception {
        HttpResponse<String> r = send("HEAD", "/fs" + CPU + "/online", "");
        assertEquals(200, r.statusCode());
        assertEquals("", r.body());
        assertEquals(404, send("HEAD", "/fs" + CPU + "/nope", "").statusCode());
    }

    @ParameterizedTest
    @CsvSource({"/nope", "/api/", "/apix", "/api/readx", "/api/read/more", "/fs", "/api/write/"})
    void anUnknownPathIs404Json(String path) throws Exception {
        HttpResponse<String> r = get(path);
        assertEquals(404, r.statusCode());
        assertEquals("ENOENT", json(r).get("error").asText());
        assertEquals("no such endpoint; GET /api lists them", json(r).get("message").asText());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "`not json`|the body is not JSON: Unrecognized token 'not': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false') (line 1, column 1)",
            "``|the body is empty; send {\"path\": ..., \"value\": ...}",
            "`[1]`|the body is JSON array, not an object with \"path\" and \"value\"",
            "`{\"path\": \"x\"}`|the body needs \"path\" and \"value\"",
            "`{\"path\": 1, \"value\": \"0\"}`|\"path\" must be a string, not number",
            "`{\"path\": \"x\", \"value\": {}}`|\"value\" must be a string (or a number), not object",
            "`{\"path\": \"x\", \"value\": null}`|\"value\" must be a string (or a number), not null",
            "`{\"path\": \"x\", \"valeu\": \"0\"}`|unknown field \"valeu\"; a write has \"path\" and \"value\"",
            "`{\"path\": \"x\", \"value\": \"0\"} {}`|the body is not JSON: Trailing token (of type START_OBJECT) found after value (bound as `com.fasterxml.jackson.databind.JsonNode`): not allowed as per `DeserializationFeature.FAIL_ON_TRAILING_TOKENS` (line 1, column 29)",
            "`{\"path\": \"x\", \"path\": \"y\", \"value\": \"0\"}`|the body is not JSON: Duplicate field 'path' (line 1, column 21)",
            "`{\"path\": \"x\", \"value\": \"0\"`|the body is not JSON: Unexpected end-of-input: expected close marker for Object (start marker at [line: 1, column: 1]) (line 1, column 27)"})
    void aBodyThatIsNotAWriteIs400WithOneLine(String body, String message) throws Exception {
        assertInvalid(send("POST", "/api/write", body), message);
        assertEquals("0-3\n", get("/fs" + CPU + "/online").body());
    }

    @Test
    void invalidUtf8InTheBodyIs400() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            c.send("POST /api/write HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nConnection: close\r\n\r\n\"\u00ff\u00fe\"");
            assertEquals("HTTP/1.1 400 Bad Request", c.line());
            assertTrue(c.rest().contains("the body is not JSON: Invalid UTF-8"));
        }
    }

    @Test
    void aNumberIsTakenAsItsDigits() throws Exception {
        HttpResponse<String> r = send("POST", "/api/write", "{\"path\": \"" + CPU + "/cpu3/online\", \"value\": 0}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("0-2\n", get("/fs" + CPU + "/online").body());
    }

    @Test
    void aMalformedEscapeIs400FromTheJdksServerItself() throws Exception {
        for (String target : new String[] {"/api/read?path=%zz", "/fs/sys/%", "/api/list?path=a%2"}) {
            try (RawHttp c = new RawHttp(port, 10_000)) {
                c.send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                assertEquals("HTTP/1.1 400 Bad Request", c.line(), target);
            }
        }
        assertEquals(200, get("/").statusCode());
    }

    @Test
    void aRefusedRequestsBodyIsReadSoTheConnectionCarriesTheNextOne() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            c.send("DELETE /api/read HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
            assertEquals("HTTP/1.1 405 Method Not Allowed", c.line());
            String length = "";
            for (String h; !(h = c.line()).isEmpty(); ) {
                assertTrue(!h.equalsIgnoreCase("Connection: close"), h);
                length = h.toLowerCase().startsWith("content-length: ") ? h.substring(16) : length;
            }
            c.socket.getInputStream().readNBytes(Integer.parseInt(length.strip()));
            c.send("GET /fs/sys/devices/system/cpu/online HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String next = c.rest();
            assertTrue(next.startsWith("HTTP/1.1 200 OK") && next.endsWith("0-3\n"), next);
        }
    }

    /** The JDK's exchange attributes are per context: a body marked read once looked read for every later request. */
    @Test
    void oneConnectionCarriesRequestAfterRequestWhateverTheyAre() throws Exception {
        String[] requests = {
            "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "PUT /fs/sys/devices/system/cpu/cpu3/online HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n0",
            "GET /api/list?path=/sys HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n",
            "FROB //api/read HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\n1",
            "GET /api/dmesg HTTP/1.1\r\nHost: x\r\n\r\n",
            "OPTIONS /api/write HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab",
            "POST /api/write HTTP/1.1\r\nHost: x\r\nContent-Length: 8\r\n\r\nnot json"};
        String[] statuses = {"200", "200", "200", "404", "200", "204", "400"};
        try (RawHttp c = new RawHttp(port, 10_000)) {
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < requests.length; i++) {
                    c.send(requests[i]);
                    String r = c.response();
                    assertTrue(r.startsWith("HTTP/1.1 " + statuses[i]), "round " + round + ", request " + i + ": " + r);
                }
            }
            c.send("GET /fs/sys/devices/system/cpu/online HTTP/1.1\r\nHost: x\r\n\r\n");
            assertTrue(c.response().endsWith("\n\n0-2\n"));
        }
    }

    @Test
    void anAnswerThatLeavesABodyUnreadSaysConnectionClose() throws Exception {
        try (RawHttp c = new RawHttp(port, 10_000)) {
            c.send("GET /api/dmesg HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999\r\n\r\n");
            String all = c.rest();
            assertTrue(all.startsWith("HTTP/1.1 200 OK"), all);
            assertTrue(all.contains("Connection: close"), all);
        }
    }

    @Test
    void anEngineFailureIs500WithTheReportAndTheServerGoesOn() throws Exception {
        FailingEngine engine = FailingEngine.on(m);
        assertEquals(200, send("PUT", "/fs" + CPU + "/cpu3/online", "0").statusCode());
        assertEquals(200, send("PUT", "/fs" + CPU + "/cpu2/online", "0").statusCode());
        engine.arm(new SimulationDeadlockError("simulation deadlock: injected by the test\n  http-9  blocked on nothing"));
        HttpResponse<String> r = send("PUT", "/fs" + CPU + "/cpu3/online", "1");
        assertEquals(500, r.statusCode(), r.body());
        JsonNode j = json(r);
        assertEquals("simulation deadlock", j.get("error").asText());
        assertEquals("simulation deadlock: injected by the test", j.get("message").asText());
        assertEquals("simulation deadlock: injected by the test\n  http-9  blocked on nothing", j.get("report").asText());

        engine.arm(new AssertionError("a bug"));
        r = send("POST", "/api/write", "{\"path\": \"" + CPU + "/cpu2/online\", \"value\": \"1\"}");
        assertEquals(500, r.statusCode(), r.body());
        assertEquals("internal error: AssertionError: a bug", json(r).get("message").asText());
        assertTrue(!r.body().contains("\tat ") && !r.body().contains("at dev.cpuhp"), "no stack trace: " + r.body());

        assertEquals(200, get("/api/read?path=" + CPU + "/online").statusCode(), "the server goes on");
        assertTrue(m.log().lines().stream().anyMatch(l -> l.contains("cpuhp: http PUT /fs" + CPU + "/cpu3/online: simulation deadlock")));
    }
}
