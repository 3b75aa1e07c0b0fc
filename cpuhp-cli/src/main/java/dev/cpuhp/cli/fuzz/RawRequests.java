package dev.cpuhp.cli.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;

/** What no HTTP client library sends, sent by hand with a time limit on every read. */
final class RawRequests {
    private static final int TIMEOUT_MS = 30_000;

    private RawRequests() {
    }

    /** 50 MB announced, 1 KiB sent: the answer must be 413, and come without the rest. */
    static Result announcedButNotSent(int port, String requestLine) throws IOException {
        String input = requestLine + " (Content-Length: 50000000, 1024 bytes sent)";
        try (Socket s = socket(port)) {
            s.getOutputStream().write((requestLine + " HTTP/1.1\r\nHost: x\r\nContent-Length: 50000000\r\n\r\n" + "1".repeat(1024))
                    .getBytes(StandardCharsets.US_ASCII));
            String status = line(s.getInputStream());
            if (!status.startsWith("HTTP/1.1 413 ")) {
                return Result.crash("expected 413 at once, got: " + status, input);
            }
            return Result.refused("413", status, input);
        } catch (SocketTimeoutException e) {
            return Result.crash("no answer within " + TIMEOUT_MS / 1000 + " s: the server waited for the body", input);
        }
    }

    /** Bytes that are no HTTP request: any answer, or a closed connection, will do. */
    static Result garbage(int port, Inputs in) throws IOException {
        var r = in.random();
        byte[] junk = switch (r.nextInt(4)) {
            case 0 -> in.payload(new Target("", Target.Kind.OTHER));
            case 1 -> ("GET /" + "a".repeat(r.nextInt(100_000)) + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            case 2 -> "GET / HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            default -> ("GET / HTTP/1.1\r\n" + "X-A: b\r\n".repeat(r.nextInt(1000)) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        };
        junk = Inputs.concat(junk, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String input = "raw " + Inputs.escape(junk, 120);
        try (Socket s = socket(port)) {
            s.getOutputStream().write(junk);
            s.shutdownOutput();
            String status = line(s.getInputStream());
            return Result.refused("garbage", status.isEmpty() ? "connection closed" : status, input);
        } catch (SocketTimeoutException e) {
            return Result.crash("no answer and no close within " + TIMEOUT_MS / 1000 + " s", input);
        } catch (IOException e) {
            return Result.refused("garbage", "connection reset: " + e.getMessage(), input);
        }
    }

    /** A trace stream opened and dropped at once; the server must let it go (checked after the run). */
    static Result droppedTraceStream(int port) throws IOException {
        String input = "GET /api/trace, then closed";
        try (Socket s = socket(port)) {
            s.getOutputStream().write("GET /api/trace HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String status = line(s.getInputStream());
            return status.startsWith("HTTP/1.1 200 ") ? Result.accepted(input) : Result.crash("trace: " + status, input);
        } catch (SocketTimeoutException e) {
            return Result.crash("no answer within " + TIMEOUT_MS / 1000 + " s", input);
        }
    }

    private static Socket socket(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(TIMEOUT_MS);
        return s;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != -1 && c != '\n'; ) {
            sb.append((char) c);
        }
        return sb.toString().strip();
    }
}
