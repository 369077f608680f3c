package io.jasyncio.http.client;

import io.jasyncio.http.internal.client.BodySource;
import io.jasyncio.net.IncompleteReadException;
import io.jasyncio.net.LimitOverrunException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * A response body as a stream, read inside a task (aiohttp's {@code response.content}, a {@code StreamReader}):
 * pieces, lines, exact counts, or everything. Bytes come from the connection as they arrive, decoded when the
 * response has a {@code Content-Encoding} the session decodes, so a body of any size streams in bounded memory.
 *
 * {@snippet :
 * try (ClientResponse r = session.get(url)) {
 *     for (byte[] line : r.content().lines()) {   // async for line in resp.content
 *         handle(line);
 *     }
 * }
 * }
 *
 * <p>When the body ends, the connection goes back to the pool by itself.
 *
 * <p><b>Cancellation:</b> every read can be cancelled; the response is then unusable and its connection is closed
 * when the response is closed.
 *
 * <p><b>Thread safety:</b> loop-confined; one task reads it.
 */
public final class BodyReader {
    private static final byte[] EMPTY = new byte[0];

    private final BodySource source;
    private final int lineLimit;
    /** Bytes read from the source but not yet returned ({@code buf[start..end)}). */
    private byte[] buf = new byte[8 * 1024];

    private int start;
    private int end;
    private boolean eof;

    BodyReader(BodySource source, int lineLimit) {
        this.source = source;
        this.lineLimit = lineLimit;
    }

    /**
     * Reads up to {@code length} bytes, waiting until at least one is available.
     *
     * <p><b>Cancellation:</b> see the class: nothing is consumed by a cancelled wait, but the response can then only
     * be closed.
     *
     * @param dst where they go
     * @param offset from where
     * @param length at most how many
     * @return how many, or -1 at the end of the body
     * @throws ClientException if the body is broken or a time limit passed
     */
    public int read(byte[] dst, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (start < end) {
            int n = Math.min(length, end - start);
            System.arraycopy(buf, start, dst, offset, n);
            start += n;
            return n;
        }
        if (eof) {
            return -1;
        }
        int n = source.read(dst, offset, length);
        if (n < 0) {
            eof = true;
        }
        return n;
    }

    /**
     * Reads up to {@code n} bytes, waiting until at least one is available.
     *
     * <p><b>Cancellation:</b> see the class: nothing is consumed by a cancelled wait, but the response can then only
     * be closed.
     *
     * @param n at most how many (positive)
     * @return the bytes; empty at the end of the body
     * @throws ClientException if the body is broken or a time limit passed
     */
    public byte[] read(int n) throws IOException {
        byte[] b = new byte[n];
        int got = read(b, 0, n);
        return got <= 0 ? EMPTY : got == n ? b : Arrays.copyOf(b, got);
    }

    /**
     * Reads exactly {@code n} bytes (asyncio's {@code readexactly}).
     *
     * <p><b>Cancellation:</b> see the class: the response can then only be closed.
     *
     * @param n how many
     * @return the bytes
     * @throws IncompleteReadException if the body ends first; it carries the bytes read
     * @throws ClientException if the body is broken or a time limit passed
     */
    public byte[] readExactly(int n) throws IOException {
        byte[] b = new byte[n];
        int got = 0;
        while (got < n) {
            int k = read(b, got, n - got);
            if (k < 0) {
                throw new IncompleteReadException(Arrays.copyOf(b, got), n);
            }
            got += k;
        }
        return b;
    }

    /**
     * Reads the rest of the body.
     *
     * <p><b>Cancellation:</b> see the class: nothing is consumed by a cancelled wait, but the response can then only
     * be closed.
     *
     * @return the bytes
     * @throws ClientException if the body is broken or a time limit passed
     */
    public byte[] readAll() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] chunk = new byte[16 * 1024];
        for (int n = read(chunk, 0, chunk.length); n >= 0; n = read(chunk, 0, chunk.length)) {
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /**
     * Reads a line, up to and including {@code '\n'} (the last line may lack it), as asyncio's {@code readline}.
     *
     * <p><b>Cancellation:</b> see the class: nothing is consumed by a cancelled wait, but the response can then only
     * be closed.
     *
     * @return the line; empty at the end of the body
     * @throws LimitOverrunException if no {@code '\n'} comes within the line limit (64 KiB)
     * @throws ClientException if the body is broken or a time limit passed
     */
    public byte[] readLine() throws IOException {
        int scanned = 0; // bytes after start already searched (fillBuffer may move the bytes to the front)
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    byte[] line = Arrays.copyOfRange(buf, start, i + 1);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end - start;
            if (end - start > lineLimit) {
                throw new LimitOverrunException("no line end within " + lineLimit + " bytes", 0);
            }
            if (eof || !fillBuffer()) {
                byte[] rest = Arrays.copyOfRange(buf, start, end);
                start = end;
                return rest;
            }
        }
    }

    /** Reads more into the buffer; returns {@code false} at the end. */
    private boolean fillBuffer() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = source.read(buf, end, buf.length - end);
        if (n < 0) {
            eof = true;
            return false;
        }
        end += n;
        return true;
    }

    /**
     * Returns whether the whole body was read.
     *
     * @return {@code true} at the end
     */
    public boolean atEof() {
        return eof && start == end;
    }

    /**
     * Returns the body's lines ({@link #readLine()} until the end): {@code async for line in resp.content}. A
     * failure is thrown from {@code hasNext()} as an {@link UncheckedIOException} wrapping the client exception.
     *
     * @return a one-shot iterable
     */
    public Iterable<byte[]> lines() {
        return () -> iterator(this::readLine);
    }

    /**
     * Returns the body in pieces of at most {@code size} bytes, as they arrive (aiohttp's
     * {@code iter_chunked(size)}). A failure is thrown as an {@link UncheckedIOException}.
     *
     * @param size the largest piece
     * @return a one-shot iterable
     */
    public Iterable<byte[]> chunks(int size) {
        if (size <= 0) {
            throw new IllegalArgumentException("size must be positive");
        }
        return () -> iterator(() -> read(size));
    }

    /**
     * Returns the body as an {@link InputStream} whose reads suspend the task (not the loop): for APIs that take
     * streams (a JSON parser, {@code Files.copy}).
     *
     * @return the stream
     */
    public InputStream asInputStream() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return BodyReader.this.read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return BodyReader.this.read(b, off, len);
            }
        };
    }

    private interface Next {
        byte[] next() throws IOException;
    }

    private static Iterator<byte[]> iterator(Next next) {
        return new Iterator<>() {
            private byte @Nullable [] ahead;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (ahead == null && !done) {
                    try {
                        byte[] b = next.next();
                        if (b.length == 0) {
                            done = true;
                        } else {
                            ahead = b;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return ahead != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] b = java.util.Objects.requireNonNull(ahead);
                ahead = null;
                return b;
            }
        };
    }
}
