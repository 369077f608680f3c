package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reads bytes from a connection inside a task (asyncio's {@code StreamReader}).
 *
 * {@snippet :
 * try (Connection c = Streams.openConnection("127.0.0.1", 8888)) {
 *     c.writer().write("PING\n".getBytes());
 *     byte[] line = c.reader().readLine();        // suspends the task until a line arrives
 *     byte[] header = c.reader().readExactly(4);  // IncompleteReadException if EOF comes first
 * }
 * }
 *
 * <h2>Buffer and limit</h2>
 * Received bytes are kept in a buffer until read. When the buffer holds more than twice the {@link #limit()},
 * the transport stops reading (the peer slows down) until it drains to the limit. {@link #readLine()} and
 * {@link #readUntil} fail with {@link LimitOverrunException} when no separator appears within the limit.
 *
 * <h2>Cancellation</h2>
 * Every waiting method can be cancelled while it waits; the cancellation loses no bytes: a method consumes
 * bytes only when it returns (or throws {@link IncompleteReadException}, which carries them).
 *
 * <h2>Thread safety</h2>
 * Loop-confined; one task at a time may wait on a reader ({@link IllegalStateException} otherwise).
 */
public final class StreamReader {
    /** The default limit: 64 KiB. */
    public static final int DEFAULT_LIMIT = 64 * 1024;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};

    private final EventLoop loop;
    private final int limit;
    private byte[] data = EMPTY;
    private int head;
    private int tail;
    private boolean eof;
    private @Nullable IOException exception;
    private @Nullable Future<@Nullable Void> waiter;
    private @Nullable Transport transport;
    private boolean paused;
    /** A {@code read(-1)} waits for the end: the buffer may grow past the limit without pausing the transport. */
    private boolean readingToEof;

    /**
     * Creates a reader for the running loop with the default limit (fill it with {@link #feed}).
     *
     * @throws IllegalStateException if no loop runs on this thread
     */
    public StreamReader() {
        this(Asyncio.loop(), DEFAULT_LIMIT);
    }

    /**
     * Creates a reader.
     *
     * @param loop the loop whose tasks read it
     * @param limit the buffer limit
     * @throws IllegalArgumentException if the limit is not positive
     */
    public StreamReader(EventLoop loop, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.loop = loop;
        this.limit = limit;
    }

    /**
     * Returns the limit.
     *
     * @return bytes
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns the error that ended the connection, or {@code null}.
     *
     * @return the error
     */
    public @Nullable IOException exception() {
        return exception;
    }

    /**
     * Makes every later read fail with an error (the connection broke); wakes a waiting task.
     *
     * @param error the error
     */
    public void setException(IOException error) {
        checkThread();
        exception = error;
        wake();
    }

    /**
     * Connects the reader to the transport it pauses when its buffer is full.
     *
     * @param t the transport
     */
    public void setTransport(Transport t) {
        checkThread();
        if (transport != null) {
            throw new IllegalStateException("the transport is already set");
        }
        transport = t;
    }

    /**
     * Adds received bytes (called by the transport's protocol, or by tests and adapters).
     *
     * @param bytes the bytes from position to limit; the position is advanced
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feed(java.nio.ByteBuffer bytes) {
        checkThread();
        if (eof) {
            throw new IllegalStateException("feed after feedEof");
        }
        int n = bytes.remaining();
        if (n == 0) {
            return;
        }
        ensureRoom(n);
        bytes.get(data, tail, n);
        tail += n;
        wake();
        Transport t = transport;
        if (t != null && !paused && !readingToEof && size() > 2 * limit) {
            paused = true;
            t.pauseReading();
        }
    }

    /**
     * Adds received bytes.
     *
     * @param bytes the bytes
     */
    public void feed(byte[] bytes) {
        feed(java.nio.ByteBuffer.wrap(bytes));
    }

    /** Marks the end of the data (the peer closed its side); wakes a waiting task. */
    public void feedEof() {
        checkThread();
        eof = true;
        wake();
    }

    /**
     * Returns whether the end of the data was reached and everything buffered was read.
     *
     * @return {@code true} at end of file
     */
    public boolean atEof() {
        return eof && size() == 0;
    }

    /**
     * Returns how many bytes are buffered.
     *
     * @return bytes
     */
    public int buffered() {
        return tail - head;
    }

    // ------------------------------------------------------------------------------------------------
    // reads

    /**
     * Reads up to {@code n} bytes, waiting until at least one byte (or the end) is available; with
     * {@code n < 0} reads everything up to the end of the data.
     *
     * <p><b>Cancellation:</b> loses no bytes (nothing is consumed unless this returns); with {@code n < 0}
     * everything that arrived so far stays buffered.
     *
     * @param n the most bytes to return, or negative for all until EOF
     * @return the bytes; empty at end of file (or when {@code n == 0})
     * @throws IOException the connection's error (a {@link java.net.SocketException} for a reset)
     */
    public byte[] read(int n) throws IOException {
        checkThread();
        if (n == 0) {
            return EMPTY;
        }
        throwIfFailed();
        if (n < 0) {
            // Consume nothing until the end arrived, so a timeout or a cancellation leaves every byte buffered.
            readingToEof = true;
            try {
                while (!eof) {
                    waitForData("read");
                    throwIfFailed();
                }
            } finally {
                readingToEof = false;
            }
            return take(size());
        }
        while (size() == 0 && !eof) {
            waitForData("read");
            throwIfFailed();
        }
        return take(Math.min(n, size()));
    }

    /**
     * Reads exactly {@code n} bytes, waiting for them.
     *
     * <p><b>Cancellation:</b> loses no bytes.
     *
     * @param n how many
     * @return the bytes
     * @throws IncompleteReadException if the data ends first (it carries, and consumes, what arrived)
     * @throws IOException the connection's error
     */
    public byte[] readExactly(int n) throws IOException {
        checkThread();
        if (n < 0) {
            throw new IllegalArgumentException("n must be non-negative");
        }
        throwIfFailed();
        if (n == 0) {
            return EMPTY;
        }
        while (size() < n) {
            if (eof) {
                byte[] partial = take(size());
                throw new IncompleteReadException(partial, n);
            }
            waitForData("readExactly");
            throwIfFailed();
        }
        return take(n);
    }

    /**
     * Like {@link #read(int)}, giving up after a time limit.
     *
     * <p><b>Timeout and cancellation:</b> lose no bytes; what arrived stays buffered for the next read.
     *
     * @param n the most bytes to return, or negative for all until EOF
     * @param timeout the limit
     * @return the bytes
     * @throws TimeoutException if the limit passed first
     * @throws IOException the connection's error
     */
    public byte[] read(int n, Duration timeout) throws IOException, TimeoutException {
        return withTimeout(timeout, () -> read(n));
    }

    /**
     * Like {@link #readExactly(int)}, giving up after a time limit.
     *
     * <p><b>Timeout and cancellation:</b> lose no bytes.
     *
     * @param n how many
     * @param timeout the limit
     * @return the bytes
     * @throws TimeoutException if the limit passed first
     * @throws IOException the connection's error, or {@link IncompleteReadException}
     */
    public byte[] readExactly(int n, Duration timeout) throws IOException, TimeoutException {
        return withTimeout(timeout, () -> readExactly(n));
    }

    /**
     * Like {@link #readLine()}, giving up after a time limit (asyncio's {@code wait_for(reader.readline(), t)}).
     *
     * <p><b>Timeout and cancellation:</b> lose no bytes: a partial line stays buffered.
     *
     * @param timeout the limit
     * @return the line
     * @throws TimeoutException if the limit passed first
     * @throws IOException the connection's error, or {@link LimitOverrunException}
     */
    public byte[] readLine(Duration timeout) throws IOException, TimeoutException {
        return withTimeout(timeout, this::readLine);
    }

    /**
     * Like {@link #readUntil(byte[]...)}, giving up after a time limit.
     *
     * <p><b>Timeout and cancellation:</b> lose no bytes.
     *
     * @param timeout the limit
     * @param separators one or more non-empty separators
     * @return the bytes, ending with the separator
     * @throws TimeoutException if the limit passed first
     * @throws IOException the connection's error, {@link IncompleteReadException} or
     *     {@link LimitOverrunException}
     */
    public byte[] readUntil(Duration timeout, byte[]... separators) throws IOException, TimeoutException {
        return withTimeout(timeout, () -> readUntil(separators));
    }

    /** A read that may throw {@link IOException}. */
    @FunctionalInterface
    private interface Read {
        byte[] run() throws IOException;
    }

    private static byte[] withTimeout(Duration timeout, Read read) throws IOException, TimeoutException {
        return Asyncio.withTimeout(timeout, read::run); // the read's IOException comes out as itself
    }

    /**
     * Reads one line, up to and including {@code '\n'}.
     *
     * <p><b>Cancellation:</b> loses no bytes.
     *
     * @return the line; at end of file the partial last line, or an empty array
     * @throws LimitOverrunException if no newline appears within the limit; the over-long line is discarded (up
     *     to its newline if that arrived, else everything buffered), so the reader can go on
     * @throws IOException the connection's error
     */
    public byte[] readLine() throws IOException {
        try {
            return readUntil(NEWLINE);
        } catch (IncompleteReadException e) {
            return e.partial();
        } catch (LimitOverrunException e) {
            if (startsWith(NEWLINE, e.consumed())) {
                discard(e.consumed() + NEWLINE.length);
            } else {
                discard(size());
            }
            maybeResume();
            throw e;
        }
    }

    /**
     * Reads up to and including the first of several separators (asyncio 3.13's {@code readuntil} with a tuple):
     * when several match, the shortest result wins.
     *
     * <p><b>Cancellation:</b> loses no bytes.
     *
     * @param separators one or more non-empty separators
     * @return the bytes, ending with the separator
     * @throws IncompleteReadException if the data ends before a separator (it carries, and consumes, the rest)
     * @throws LimitOverrunException if no separator appears within the limit; nothing is consumed, and
     *     {@link LimitOverrunException#consumed()} says how far the search went
     * @throws IOException the connection's error
     */
    public byte[] readUntil(byte[]... separators) throws IOException {
        checkThread();
        if (separators.length == 0) {
            throw new IllegalArgumentException("give at least one separator");
        }
        int minLen = Integer.MAX_VALUE;
        int maxLen = 0;
        for (byte[] s : separators) {
            if (s.length == 0) {
                throw new IllegalArgumentException("separators must not be empty");
            }
            minLen = Math.min(minLen, s.length);
            maxLen = Math.max(maxLen, s.length);
        }
        throwIfFailed();
        int offset = 0;
        int matchStart;
        int matchEnd;
        while (true) {
            int size = size();
            if (size - offset >= minLen) {
                matchStart = -1;
                matchEnd = Integer.MAX_VALUE;
                for (byte[] sep : separators) {
                    int i = indexOf(sep, offset);
                    if (i >= 0 && i + sep.length < matchEnd) {
                        matchEnd = i + sep.length;
                        matchStart = i;
                    }
                }
                if (matchStart >= 0) {
                    break;
                }
                offset = Math.max(0, size + 1 - maxLen);
                if (offset > limit) {
                    throw new LimitOverrunException("separator is not found, and chunk exceeds the limit", offset);
                }
            }
            if (eof) {
                byte[] chunk = take(size());
                throw new IncompleteReadException(chunk, -1);
            }
            waitForData("readUntil");
            throwIfFailed();
        }
        if (matchStart > limit) {
            throw new LimitOverrunException("separator is found, but chunk is longer than limit", matchStart);
        }
        return take(matchEnd);
    }

    /**
     * Iterates over the lines until end of file ({@code async for line in reader}); each step may suspend the
     * task.
     *
     * <p><b>Cancellation:</b> as {@link #readLine()}.
     *
     * @return an iterable whose iterator throws {@link UncheckedIOException} for read errors
     */
    public Iterable<byte[]> lines() {
        return () -> new Iterator<>() {
            private byte @Nullable [] next;
            private boolean done;

            @Override
            public boolean hasNext() {
                if (next == null && !done) {
                    try {
                        byte[] line = readLine();
                        if (line.length == 0) {
                            done = true;
                        } else {
                            next = line;
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] line = next;
                next = null;
                if (line == null) {
                    throw new NoSuchElementException();
                }
                return line;
            }
        };
    }

    // ------------------------------------------------------------------------------------------------
    // internals

    private void checkThread() {
        LoopCore.of(loop).checkThread();
    }

    private int size() {
        return tail - head;
    }

    private void throwIfFailed() throws IOException {
        IOException e = exception;
        if (e != null) {
            throw e;
        }
    }

    /** Suspends until {@link #feed}, {@link #feedEof} or {@link #setException} is called. */
    private void waitForData(String method) {
        if (waiter != null) {
            throw new IllegalStateException(
                    method + "() called while another task is already waiting for incoming data");
        }
        if (eof) {
            throw new IllegalStateException(method + "() waits after end of file");
        }
        Transport t = transport;
        if (paused && t != null) {
            paused = false;
            t.resumeReading();
        }
        Future<@Nullable Void> f = loop.createFuture();
        waiter = f;
        try {
            f.await();
        } finally {
            waiter = null;
        }
    }

    private void wake() {
        Future<@Nullable Void> w = waiter;
        if (w != null) {
            w.trySetResult(null);
        }
    }

    private void ensureRoom(int n) {
        if (tail + n <= data.length) {
            return;
        }
        int size = size();
        if (size + n <= data.length && head > 0) {
            System.arraycopy(data, head, data, 0, size);
        } else {
            byte[] bigger = new byte[Math.max(size + n, Math.max(data.length * 2, 1024))];
            System.arraycopy(data, head, bigger, 0, size);
            data = bigger;
        }
        head = 0;
        tail = size;
    }

    private byte[] take(int n) {
        byte[] out = Arrays.copyOfRange(data, head, head + n);
        discard(n);
        maybeResume();
        return out;
    }

    private void discard(int n) {
        head += n;
        if (head == tail) {
            head = 0;
            tail = 0;
            if (data.length > 4 * limit) {
                data = EMPTY; // give back a buffer that grew for one burst
            }
        }
    }

    private void maybeResume() {
        Transport t = transport;
        if (paused && t != null && size() <= limit) {
            paused = false;
            t.resumeReading();
        }
    }

    private int indexOf(byte[] sep, int from) {
        int last = tail - sep.length;
        byte first = sep[0];
        for (int i = head + from; i <= last; i++) {
            if (data[i] != first) {
                continue;
            }
            int k = 1;
            while (k < sep.length && data[i + k] == sep[k]) {
                k++;
            }
            if (k == sep.length) {
                return i - head;
            }
        }
        return -1;
    }

    private boolean startsWith(byte[] sep, int at) {
        if (at + sep.length > size()) {
            return false;
        }
        for (int k = 0; k < sep.length; k++) {
            if (data[head + at + k] != sep[k]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "StreamReader[" + size() + " bytes" + (eof ? ", eof" : "") + (exception != null ? ", " + exception : "")
                + (waiter != null ? ", waiting" : "") + (paused ? ", paused" : "") + "]";
    }
}
