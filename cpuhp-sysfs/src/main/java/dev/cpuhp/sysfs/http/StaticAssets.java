package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.errno.Errno;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's files, served from the jar ({@code dev/cpuhp/sysfs/http/web/}): {@code /} is
 * its page, {@code /app/NAME} the rest. Nothing comes from elsewhere, so the page works with no
 * network. Names are plain file names (no directories), checked before any lookup.
 */
final class StaticAssets {
    private static final String ROOT = "/dev/cpuhp/sysfs/http/web/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png");

    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    void index(HttpExchange ex) throws IOException, Answers.Refused {
        serve(ex, "index.html");
    }

    /** {@code /app/NAME}. */
    void app(HttpExchange ex) throws IOException, Answers.Refused {
        serve(ex, ex.getRequestURI().getPath().substring("/app/".length()));
    }

    private void serve(HttpExchange ex, String name) throws IOException, Answers.Refused {
        Answers.method(ex, "GET");
        String path = ex.getRequestURI().getPath();
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        byte[] body = type == null || !name.matches("[a-z0-9][a-z0-9_-]*\\.[a-z]+") ? null : load(name);
        if (body == null) {
            throw Answers.refuse(ex, Errno.ENOENT, path, "no such file of the dashboard");
        }
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        Answers.send(ex, 200, type, body);
    }

    private byte[] load(String name) {
        return cache.computeIfAbsent(name, n -> {
            try (InputStream in = StaticAssets.class.getResourceAsStream(ROOT + n)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
