package dev.cpuhp.sysfs.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** The fixture of the server's tests: a 4-CPU machine served on a free loopback port, and a client. */
abstract class ServerTest {
    static final String CPU = "/sys/devices/system/cpu";
    static final ObjectMapper JSON = new ObjectMapper();

    Machine m;
    SysfsServer server;
    HttpClient client = HttpClient.newHttpClient();
    String base;
    int port;

    /** The server's limits; the defaults unless a test class needs others. */
    SysfsServer.Limits limits() {
        return SysfsServer.Limits.DEFAULT;
    }

    @BeforeEach
    void startServer() throws Exception {
        m = Machine.builder().ideal(1, 2, 2).boot();
        server = SysfsServer.start(new SysfsTree(m), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new WritePolicy(null), limits());
        port = server.address().getPort();
        base = "http://127.0.0.1:" + port;
    }

    @AfterEach
    void stopServer() {
        server.close();
        m.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(base + path))
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** This machine's own non-loopback IPv4 address, for the write policy's tests; skips if none. */
    static InetAddress external() throws Exception {
        InetAddress a = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(x -> x instanceof java.net.Inet4Address && !x.isLoopbackAddress() && !x.isLinkLocalAddress())
                .findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(a != null, "no non-loopback IPv4 address here");
        return a;
    }

    /** A refused body: 400 EINVAL with exactly this one-line message. */
    static void assertInvalid(HttpResponse<String> r, String message) throws Exception {
        org.junit.jupiter.api.Assertions.assertEquals(400, r.statusCode(), r.body());
        org.junit.jupiter.api.Assertions.assertEquals("EINVAL", json(r).get("error").asText());
        org.junit.jupiter.api.Assertions.assertEquals(message, json(r).get("message").asText());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }
}
