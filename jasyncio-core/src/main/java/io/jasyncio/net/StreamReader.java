package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentFeeder;
import io.jasyncio.internal.buffer.SegmentQueue;
import io.jasyncio.internal.buffer.SegmentSink;
import io.jasyncio.internal.buffer.SeparatorSearch;
import io.jasyncio.internal.iteration.Lookahead;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
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
 * <h2>Copies</h2>
 * The buffer is a list of pooled direct segments (as Okio's {@code Buffer}): a socket transport reads straight into
 * it ({@link #feedBuffer}), nothing inside it is ever moved, and a read copies each byte once, into the array it
 * returns or into the caller's {@link ByteBuffer} ({@link #read(ByteBuffer)}, {@link #readExactly(ByteBuffer)}).
 * A received byte is thus copied once between the kernel and the caller, and not at all when
 * {@link #transferTo} relays it to a socket writer. {@link #feed(ByteBuffer)} adds one copy (for tests and
 * adapters that hold the bytes elsewhere). An empty reader holds no segment.
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

    private static final byte[] NEWLINE = {'\n'};

    private final EventLoop loop;
    private final int limit;
    /** The received bytes, and the transport they pause. */
    private final ReadBuffer buffer;

    private boolean eof;
    private @Nullable IOException exception;
    private @Nullable Future<@Nullable Void> waiter;

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
     * @throws IllegalArgumentException if the limit is not positive
     */
    public StreamReader(EventLoop loop, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.loop = loop;
        this.limit = limit;
        this.buffer = new ReadBuffer(loop, limit);
    }

    /** Returns the limit, in bytes. */
    public int limit() {
        return limit;
    }

    /** Returns the error that ended the connection, or {@code null}. */
    public @Nullable IOException exception() {
        return exception;
    }

    /** Makes every later read fail with an error (the connection broke); wakes a waiting task. */
    public void setException(IOException error) {
        checkThread();
        exception = error;
        buffer.trim();
        wake();
    }

    /**
     * Connects the reader to the transport it pauses when its buffer is full. A transport that fills the loop's
     * pooled segments off the loop (the pipe of a {@code Subprocess}) then hands them over without a copy.
     */
    public void setTransport(Transport t) {
        checkThread();
        if (buffer.transport() != null) {
            throw new IllegalStateException("the transport is already set");
        }
        buffer.setTransport(t);
        if (t instanceof SegmentFeeder feeder) {
            feeder.feedSegmentsTo(this::takeSegment); // a pipe whose pump fills segments: no copy on the loop
        }
    }

    /** Takes a segment a {@link SegmentFeeder} filled; as {@link #commitFeed(int)}, without the copy. */
    private void takeSegment(Segment s, int n) {
        checkFeed();
        buffer.queue().appendFilled(s, n);
        fed();
    }

    /** Moves the reader to the transport that replaced its own (a TLS upgrade): the one it pauses from now on. */
    void replaceTransport(Transport t) {
        checkThread();
        buffer.setTransport(t);
    }

    /**
     * Adds received bytes by copying them into the reader's buffer (for tests and adapters; a socket transport
     * reads straight into the buffer instead, see {@link #feedBuffer}).
     *
     * <p><b>Ownership:</b> the reader keeps no reference to {@code bytes}; the caller may reuse it at once.
     *
     * @param bytes the bytes from position to limit; the position is advanced
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void feed(ByteBuffer bytes) {
        checkFeed();
        if (!bytes.hasRemaining()) {
            return;
        }
        buffer.queue().write(bytes);
        fed();
    }

    /** Adds received bytes; see {@link #feed(ByteBuffer)}. */
    public void feed(byte[] bytes) {
        feed(ByteBuffer.wrap(bytes));
    }

    /**
     * Returns room in the reader's own buffer to receive bytes into without a copy (what a transport does for a
     * {@link BufferedProtocol}): write into it from its position up to its limit, then call
     * {@link #commitFeed(int)} with the count.
     *
     * <p><b>Ownership:</b> the returned buffer is direct memory of the reader's; it is lent until the next call on
     * this reader, which must be {@link #commitFeed(int)} (with 0 if nothing arrived). Keep no reference to it.
     *
     * @param sizeHint how many bytes the caller expects (the room returned may be larger or smaller, never empty)
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public ByteBuffer feedBuffer(int sizeHint) {
        checkFeed();
        return buffer.queue().writable(sizeHint);
    }

    /**
     * Adds the {@code n} bytes just written into the room {@link #feedBuffer(int)} returned; wakes a waiting task.
     *
     * @param n how many bytes were written there (0 or more)
     * @throws IllegalArgumentException if {@code n} is negative or more than the room
     * @throws IllegalStateException after {@link #feedEof()}
     */
    public void commitFeed(int n) {
        checkFeed();
        SegmentQueue b = buffer.queue();
        b.commit(n);
        if (n > 0) {
            fed();
        } else {
            b.trim();
        }
    }

    private void checkFeed() {
        checkThread();
        if (eof) {
            throw new IllegalStateException("feed after feedEof");
        }
    }

    /** Bytes were added: wake the waiting task, pause the transport above twice the limit. */
    private void fed() {
        wake();
        buffer.added();
    }

    /** Marks the end of the data (the peer closed its side); wakes a waiting task. */
    public void feedEof() {
        checkThread();
        eof = true;
        buffer.trim();
        wake();
    }

    /** Returns whether the end of the data was reached and everything buffered was read. */
    public boolean atEof() {
        return eof && buffer.size() == 0;
    }

    /** Returns how many bytes are buffered. */
    public int buffered() {
        return (int) Math.min(buffer.size(), Integer.MAX_VALUE);
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
            return ReadBuffer.EMPTY;
        }
        throwIfFailed();
        if (n < 0) {
            // Consume nothing until the end arrived, so a timeout or a cancellation leaves every byte buffered.
            buffer.readToEof(true);
            try {
                while (!eof) {
                    waitForData("read");
                    throwIfFailed();
                }
            } finally {
                buffer.readToEof(false);
            }
            return buffer.take(buffer.size());
        }
        while (buffer.size() == 0 && !eof) {
            waitForData("read");
            throwIfFailed();
        }
        return buffer.take(Math.min(n, buffer.size()));
    }

    /**
     * Reads up to {@code dst.remaining()} bytes into {@code dst}, waiting until at least one byte (or the end) is
     * available. The bytes are copied once, from the reader's buffer into {@code dst} (a direct {@code dst} then goes
     * to a socket without another copy).
     *
     * <p><b>Cancellation:</b> loses no bytes: nothing is consumed, and {@code dst} is untouched, unless this
     * returns.
     *
     * @param dst where the bytes go, from its position; its position advances by the count returned
     * @return how many bytes were read; -1 at end of file; 0 only when {@code dst} has no room
     * @throws IOException the connection's error (a {@link java.net.SocketException} for a reset)
     */
    public int read(ByteBuffer dst) throws IOException {
        checkThread();
        if (!dst.hasRemaining()) {
            return 0;
        }
        throwIfFailed();
        while (buffer.size() == 0 && !eof) {
            waitForData("read");
            throwIfFailed();
        }
        if (buffer.size() == 0) {
            return -1;
        }
        int n = (int) Math.min(dst.remaining(), buffer.size());
        buffer.queue().read(dst, n);
        buffer.consumed();
        return n;
    }

    /**
     * Moves up to {@code max} bytes from this reader to a writer, waiting until at least one byte (or the end) is
     * available: the relay of a proxy or an echo. Over a socket the bytes are not copied at all: they go to the
     * writer's socket straight from the reader's buffer, and what the socket does not take at once moves, buffer
     * segment by buffer segment, into the writer's queue. Other writers get them by {@link StreamWriter#write(byte[])}
     * (one copy). Call {@link StreamWriter#drain()} afterwards, as after a write.
     *
     * {@snippet :
     * while (reader.transferTo(writer, Long.MAX_VALUE) >= 0) {   // an echo server
     *     writer.drain();
     * }
     * }
     *
     * <p><b>Cancellation:</b> loses no bytes: they leave the reader only when this returns.
     *
     * @param writer where the bytes go
     * @param max the most bytes to move (at least 1)
     * @return how many bytes moved; -1 at end of file
     * @throws IllegalArgumentException if {@code max} is not positive
     * @throws IllegalStateException as {@link StreamWriter#write(ByteBuffer)} (the writer was closed, or half-closed);
     *     the bytes then stay in this reader
     * @throws IOException this reader's connection error
     */
    public long transferTo(StreamWriter writer, long max) throws IOException {
        checkThread();
        if (max <= 0) {
            throw new IllegalArgumentException("max must be positive, got " + max);
        }
        throwIfFailed();
        while (buffer.size() == 0 && !eof) {
            waitForData("transferTo");
            throwIfFailed();
        }
        if (buffer.size() == 0) {
            return -1;
        }
        long n = Math.min(max, buffer.size());
        Transport t = writer.transport();
        if (t instanceof SegmentSink sink) {
            sink.writeFrom(buffer.queue(), n);
        } else {
            // an adapter or a test transport: copy, and consume only once the write took the bytes
            n = Math.min(n, Integer.MAX_VALUE - 8);
            t.write(ByteBuffer.wrap(buffer.queue().peekByteArray((int) n)));
            buffer.queue().skip(n);
        }
        buffer.consumed();
        return n;
    }

    /**
     * Reads exactly {@code n} bytes, waiting for them.
     *
     * <p><b>Cancellation:</b> loses no bytes.
     *
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
            return ReadBuffer.EMPTY;
        }
        awaitAtLeast(n);
        return buffer.take(n);
    }

    /**
     * Fills {@code dst} exactly (its remaining bytes), waiting for the data; the bytes are copied once, from the
     * reader's buffer into {@code dst}.
     *
     * <p><b>Cancellation:</b> loses no bytes: nothing is consumed, and {@code dst} is untouched, unless this
     * returns.
     *
     * @param dst where the bytes go, from its position up to its limit; its position advances to its limit
     * @throws IncompleteReadException if the data ends first (it carries, and consumes, what arrived; {@code dst}
     *     is left untouched)
     * @throws IOException the connection's error
     */
    public void readExactly(ByteBuffer dst) throws IOException {
        checkThread();
        int n = dst.remaining();
        throwIfFailed();
        if (n == 0) {
            return;
        }
        awaitAtLeast(n);
        buffer.queue().read(dst, n);
        buffer.consumed();
    }

    /** Waits until {@code n} bytes are buffered; at end of file first, consumes the rest into the exception. */
    private void awaitAtLeast(int n) throws IOException {
        while (buffer.size() < n) {
            if (eof) {
                byte[] partial = buffer.take(buffer.size());
                throw new IncompleteReadException(partial, n);
            }
            waitForData("readExactly");
            throwIfFailed();
        }
    }

    /**
     * Like {@link #read(int)}, giving up after a time limit.
     *
     * <p><b>Timeout and cancellation:</b> lose no bytes; what arrived stays buffered for the next read.
     *
     * @param n the most bytes to return, or negative for all until EOF
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
            if (buffer.queue().rangeEquals(e.consumed(), NEWLINE)) {
                buffer.queue().skip(e.consumed() + (long) NEWLINE.length);
            } else {
                buffer.queue().skip(buffer.size());
            }
            buffer.consumed();
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
        SeparatorSearch search = new SeparatorSearch(separators);
        throwIfFailed();
        while (!search.find(buffer.queue())) {
            if (search.searched() > limit) {
                throw new LimitOverrunException(
                        "separator is not found, and chunk exceeds the limit", (int) search.searched());
            }
            if (eof) {
                byte[] chunk = buffer.take(buffer.size());
                throw new IncompleteReadException(chunk, -1);
            }
            waitForData("readUntil");
            throwIfFailed();
        }
        if (search.start() > limit) {
            throw new LimitOverrunException("separator is found, but chunk is longer than limit", (int) search.start());
        }
        return buffer.take(search.end());
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
        return () -> new Lookahead<>() {
            @Override
            protected byte @Nullable [] compute() throws IOException {
                byte[] line = readLine();
                return line.length == 0 ? null : line;
            }
        };
    }

    // ------------------------------------------------------------------------------------------------
    // internals

    private void checkThread() {
        LoopCore.of(loop).checkThread();
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
        buffer.resumeForWait();
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

    @Override
    public String toString() {
        return "StreamReader[" + buffer.size() + " bytes" + (eof ? ", eof" : "")
                + (exception != null ? ", " + exception : "") + (waiter != null ? ", waiting" : "")
                + (buffer.isPaused() ? ", paused" : "") + "]";
    }
}
