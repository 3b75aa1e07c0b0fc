package dev.cpuhp.trace.proto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A protobuf wire-format encoder for the few field kinds a trace needs (varint, length-delimited
 * strings and nested messages), written by hand so that core needs no protobuf library.
 *
 * <p>Nested messages are written in place: {@link #begin} reserves four bytes for the length
 * and {@link #end} fills them with a redundant (non-minimal) four-byte varint, as Perfetto's own
 * protozero encoder does; decoders accept it, and no nested message is ever copied. That caps a
 * nested message at 2^28 bytes, far above one trace packet. Not thread-safe.
 */
public final class ProtoBuffer {
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LEN = 2;
    private static final int RESERVED = 4;

    private byte[] buf = new byte[256];
    private final byte[] head = new byte[20];
    private int len;

    /** Forgets everything written, keeping the storage. */
    public void clear() {
        len = 0;
    }

    public int length() {
        return len;
    }

    /** A {@code uint64}/{@code uint32}/{@code int32} (non-negative) or {@code bool} field. */
    public ProtoBuffer varint(int field, long value) {
        rawVarint(((long) field << 3) | WIRE_VARINT);
        rawVarint(value);
        return this;
    }

    /** An {@code int64} field: negative values as ten-byte two's complement, as protobuf does. */
    public ProtoBuffer int64(int field, long value) {
        return varint(field, value);
    }

    public ProtoBuffer string(int field, String value) {
        byte[] b = value.getBytes(StandardCharsets.UTF_8);
        rawVarint(((long) field << 3) | WIRE_LEN);
        rawVarint(b.length);
        ensure(b.length);
        System.arraycopy(b, 0, buf, len, b.length);
        len += b.length;
        return this;
    }

    /** Opens a nested message; returns the mark to pass to {@link #end}. */
    public int begin(int field) {
        rawVarint(((long) field << 3) | WIRE_LEN);
        ensure(RESERVED);
        int mark = len;
        len += RESERVED;
        return mark;
    }

    /** Closes the nested message opened at {@code mark}. */
    public void end(int mark) {
        int size = len - mark - RESERVED;
        if (size >= 1 << 28) {
            throw new IllegalStateException("nested message of " + size + " bytes");
        }
        buf[mark] = (byte) (size & 0x7f | 0x80);
        buf[mark + 1] = (byte) (size >>> 7 & 0x7f | 0x80);
        buf[mark + 2] = (byte) (size >>> 14 & 0x7f | 0x80);
        buf[mark + 3] = (byte) (size >>> 21 & 0x7f);
    }

    /** Writes this buffer as one length-delimited field {@code field} of an enclosing message. */
    public void writeAsField(int field, OutputStream out) throws IOException {
        int n = putVarint(head, 0, ((long) field << 3) | WIRE_LEN);
        n = putVarint(head, n, len);
        out.write(head, 0, n);
        out.write(buf, 0, len);
    }

    /** The bytes written so far (a copy). */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, len);
    }

    private void rawVarint(long v) {
        ensure(10);
        len = putVarint(buf, len, v);
    }

    private static int putVarint(byte[] b, int at, long v) {
        while ((v & ~0x7fL) != 0) {
            b[at++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        b[at++] = (byte) v;
        return at;
    }

    private void ensure(int more) {
        if (len + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
        }
    }
}
