package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.errno.Errno;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, read whole up to a limit and never past it: a {@code Content-Length}
 * over the limit is refused before a byte of the body is read, a chunked body as soon as it
 * passes the limit. Either way the answer is 413 ({@code E2BIG}) and the connection is closed
 * after it with the rest unread, so a client cannot make the server hold or wait for more
 * than the limit.
 *
 * <p>The JDK's server would read up to 64 KiB of what a handler left of a body after the
 * answer, waiting all the while for a client that announced 50 MB and sends nothing more. So
 * it is told to read nothing ({@code sun.net.httpserver.drainAmount=0}, see
 * {@link SysfsServer}) and every answer first {@link #settle settles} the body itself.
 */
final class RequestBody {
    /**
     * The request being handled on this thread: the server's limit, and whether its body has
     * been read to its end. Not an exchange attribute: the JDK's server keeps those per
     * context, shared by every request.
     */
    private static final class Current {
        final int limit;
        boolean read;

        Current(int limit) {
            this.limit = limit;
        }
    }

    private static final ThreadLocal<Current> CURRENT = new ThreadLocal<>();

    private RequestBody() {
    }

    /** The dispatcher runs each request's handler inside this, on the request's own thread. */
    static void handle(int limit, Runnable handler) {
        CURRENT.set(new Current(limit));
        try {
            handler.run();
        } finally {
            CURRENT.remove();
        }
    }

    /** The whole body; refused with 413 if it is over the limit. */
    static byte[] read(HttpExchange ex) throws IOException, Answers.Refused {
        int limit = CURRENT.get().limit;
        if (declaredOver(ex, limit)) {
            throw tooLarge(ex, limit);
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(limit + 1);
        }
        if (body.length > limit) {
            throw tooLarge(ex, limit);
        }
        CURRENT.get().read = true;
        return body;
    }

    /**
     * Before an answer: reads and drops a body nobody read if it is within the limit, so the
     * connection can carry the next request; otherwise says {@code Connection: close}, since
     * the server will close it with that body unread.
     */
    static void settle(HttpExchange ex) {
        Current c = CURRENT.get();
        if (c != null && c.read) {
            return;
        }
        boolean whole = false;
        if (c != null && !declaredOver(ex, c.limit)) {
            try {
                whole = ex.getRequestBody().readNBytes(c.limit + 1).length <= c.limit;
            } catch (IOException e) {
                whole = false;
            }
        }
        if (whole) {
            c.read = true;
        } else {
            ex.getResponseHeaders().set("Connection", "close");
        }
    }

    private static boolean declaredOver(HttpExchange ex, int limit) {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared == null || !declared.strip().matches("[0-9]+")) {
            return false;
        }
        String digits = declared.strip().replaceFirst("^0+(?=.)", "");
        return digits.length() > 10 || Long.parseLong(digits) > limit;
    }

    private static Answers.Refused tooLarge(HttpExchange ex, int limit) throws IOException {
        return Answers.refuse(ex, Errno.E2BIG, ex.getRequestURI().getPath(),
                "the request body is over the server's limit of " + limit + " bytes");
    }
}
