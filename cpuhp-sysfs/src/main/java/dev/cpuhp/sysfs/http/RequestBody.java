package dev.cpuhp.sysfs.http;

import com.sun.net.httpserver.HttpExchange;
import dev.cpuhp.errno.Errno;
import java.io.IOException;
import java.io.InputStream;

/**
 * A request's body, read whole up to a limit and never past it: a {@code Content-Length}
 * over the limit is refused before a byte of the body is read, a chunked body as soon as it
 * passes the limit. Either way the answer is 413 ({@code E2BIG}) and the connection is closed
 * after it, the rest unread, so a client cannot make the server hold or wait for more than
 * the limit.
 */
final class RequestBody {
    /** The exchange attribute that marks a body as read. */
    private static final String READ = "cpuhp.body-read";

    private RequestBody() {
    }

    /** Whether the request has a body that nothing has read. */
    static boolean unread(HttpExchange ex) {
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        boolean body = ex.getRequestHeaders().containsKey("Transfer-Encoding")
                || (length != null && !length.strip().matches("0+"));
        return body && ex.getAttribute(READ) == null;
    }

    static byte[] read(HttpExchange ex, int limit) throws IOException, Answers.Refused {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && declared.strip().matches("[0-9]+")
                && (declared.strip().length() > 10 || Long.parseLong(declared.strip()) > limit)) {
            throw tooLarge(ex, limit);
        }
        try (InputStream in = ex.getRequestBody()) {
            byte[] body = in.readNBytes(limit + 1);
            if (body.length > limit) {
                throw tooLarge(ex, limit);
            }
            ex.setAttribute(READ, Boolean.TRUE);
            return body;
        }
    }

    private static Answers.Refused tooLarge(HttpExchange ex, int limit) throws IOException {
        return Answers.refuse(ex, Errno.E2BIG, ex.getRequestURI().getPath(),
                "the request body is over the server's limit of " + limit + " bytes");
    }
}
