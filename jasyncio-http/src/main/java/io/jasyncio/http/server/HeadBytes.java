package io.jasyncio.http.server;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A response head written straight into one byte array as Latin-1 text (no {@code StringBuilder}, no encoder), with
 * room for a small body after it so that head and body leave in one write.
 *
 * <p>Header names and values were checked when they were set (no CR, LF or NUL); a character above U+00FF becomes
 * {@code ?}, as a Latin-1 encoder would make it.
 */
final class HeadBytes {

    private byte[] out;
    private int length;

    /** Starts a head of about {@code capacity} bytes (it grows if needed). */
    HeadBytes(int capacity) {
        out = new byte[capacity];
    }

    /** Appends {@code bytes} as they are. */
    HeadBytes bytes(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, out, length, bytes.length);
        length += bytes.length;
        return this;
    }

    /** Appends {@code text} as Latin-1. */
    HeadBytes text(String text) {
        int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            out[length++] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        return this;
    }

    /** Appends one header line {@code name: value CRLF}. */
    HeadBytes field(String name, String value) {
        return text(name).text(": ").text(value).text("\r\n");
    }

    /** Appends {@code n} in decimal. */
    HeadBytes number(long n) {
        return text(Long.toString(n));
    }

    /** Returns the head followed by the remaining bytes of {@code body}, ready to write. */
    ByteBuffer withBody(ByteBuffer body) {
        int size = length + body.remaining();
        byte[] all = out.length >= size ? out : Arrays.copyOf(out, size);
        body.get(all, length, body.remaining());
        return ByteBuffer.wrap(all, 0, size);
    }

    /** Returns the head alone, ready to write. */
    ByteBuffer toBuffer() {
        return ByteBuffer.wrap(out, 0, length);
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}
