package dev.cpuhp.cli.shell;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A script's lines, read as bytes: each line is a byte string (one char per byte), so binary
 * and invalid UTF-8 need no decoding and cannot fail to decode. A line longer than
 * {@link #MAX_LINE} bytes is read to its end and dropped, never held, so no input can exhaust
 * memory; a line holding a NUL byte is dropped too, since no shell word can carry one.
 */
final class LineInput {
    /** The longest line kept, in bytes; far beyond any command (a sysfs write takes one page). */
    static final int MAX_LINE = 64 * 1024;

    /** One line: its text, or why it was dropped; {@code number} counts from 1. */
    record Line(int number, String text, String problem) {
        boolean ok() {
            return problem == null;
        }
    }

    private final InputStream in;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int len;
    private int number;
    private boolean eof;

    LineInput(InputStream in) {
        this.in = in;
    }

    /** The next line without its newline (a last line without one counts), or null at the end. */
    Line next() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        long size = 0;
        boolean nul = false;
        while (true) {
            if (pos == len) {
                if (eof || (len = in.read(buf)) < 0) {
                    eof = true;
                    len = 0;
                    pos = 0;
                    if (size == 0) {
                        return null;
                    }
                    break;
                }
                pos = 0;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            size++;
            nul |= b == 0;
            if (size <= MAX_LINE) {
                line.write(b);
            }
        }
        number++;
        if (size > MAX_LINE) {
            return new Line(number, null, "line of " + size + " bytes is longer than " + MAX_LINE + ", ignored");
        }
        if (nul) {
            return new Line(number, null, "NUL byte in the line, ignored");
        }
        return new Line(number, line.toString(StandardCharsets.ISO_8859_1), null);
    }
}
