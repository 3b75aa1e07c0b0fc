package dev.cpuhp.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cpuhp.Machine;
import dev.cpuhp.sysfs.SysfsTree;
import dev.cpuhp.sysfs.http.SysfsServer;
import dev.cpuhp.sysfs.http.WritePolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** A booted machine served as {@code cpuhp serve} serves it, on a free loopback port. */
final class Served implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    final Machine machine;
    final SysfsServer server;
    final String base;
    private final HttpClient client = HttpClient.newHttpClient();

    Served(String profile) throws Exception {
        machine = Machine.builder().profile(profile).boot();
        server = SysfsServer.start(new SysfsTree(machine), new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                new WritePolicy(null));
        base = "http://127.0.0.1:" + server.address().getPort();
    }

    /** A sysfs file's content, read through the API as any client would. */
    String read(String path) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                URI.create(base + "/api/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode n = JSON.readTree(r.body());
        if (r.statusCode() != 200) {
            throw new AssertionError("read " + path + ": " + r.body());
        }
        return n.get("content").asText();
    }

    @Override
    public void close() {
        server.close();
        machine.close();
    }
}
