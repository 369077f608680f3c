package io.jasyncio.http.internal.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.internal.MessageListener;
import io.jasyncio.http.internal.ParserLimits;
import io.jasyncio.http.internal.ResponseHead;
import io.jasyncio.http.internal.ResponseParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reads the responses of one connection with the shared HTTP/1.1 {@link ResponseParser}: bytes are read from the
 * socket's stream into one buffer and pushed through the parser, which hands body bytes back as views of that buffer;
 * they are copied once more, straight into the caller's array when a body read is waiting.
 *
 * <pre>
 *   requestSent(method) -> readHead() [interim heads skipped or returned] -> readBody()* until -1 -> isReusable()
 * </pre>
 *
 * <p>Time limits: every wait for socket bytes ends at {@link #setDeadlines}' earlier deadline, with a
 * {@link ReadTimeout} saying which one passed.
 *
 * <p>Loop-confined; used by one request at a time.
 */
public final class ResponseReader implements MessageListener<ResponseHead> {

    /** A read deadline passed. */
    public static final class ReadTimeout extends IOException {
        private static final long serialVersionUID = 1L;

        /** Whether it was the total deadline (else the socket-read one). */
        private final boolean total;

        /**
         * Creates the failure.
         *
         * @param total whether the total deadline passed (else the socket read one)
         */
        public ReadTimeout(boolean total) {
            super(total ? "total timeout" : "socket read timeout");
            this.total = total;
        }

        /**
         * Returns whether the total deadline passed (else the socket read limit).
         *
         * @return {@code true} for the total deadline
         */
        public boolean isTotal() {
            return total;
        }
    }

    private static final int BUFFER = 16 * 1024;

    private final PooledConnection connection;
    private final ResponseParser parser;
    private final ByteBuffer input = ByteBuffer.allocate(BUFFER);

    /** Body bytes parsed but not yet read, oldest first. */
    private final ArrayDeque<byte[]> pending = new ArrayDeque<>();
    /** How much of {@code pending.peekFirst()} was read already. */
    private int pendingOffset;

    /** Where a waiting body read wants its bytes, set only during {@link #fill()} inside {@link #readBody}. */
    private byte @Nullable [] target;

    private int targetOffset;
    private int targetLength;
    private int targetFilled;

    private @Nullable ResponseHead head;
    private boolean complete;
    private boolean eof;
    /** Body bytes are being skipped ({@link #skipArrivedBody}). */
    private boolean discarding;
    /** Bytes received since the request was sent: 0 means the server sent nothing (a retry is safe). */
    private long received;

    private long totalDeadline = Long.MAX_VALUE;
    private long sockReadNanos = -1;

    ResponseReader(PooledConnection connection) {
        this.connection = connection;
        this.parser = new ResponseParser(this, ParserLimits.DEFAULTS);
    }

    /**
     * Prepares for the response to a request just sent.
     *
     * @param method the request's method (a HEAD response has no body)
     */
    public void requestSent(String method) {
        parser.requestSent(method);
        head = null;
        complete = false;
        received = 0;
        pending.clear();
        pendingOffset = 0;
    }

    /**
     * Sets the limits for the waits of this request.
     *
     * @param totalDeadline the loop time when the whole request must be done, or {@code Long.MAX_VALUE}
     * @param sockReadNanos the longest wait for socket bytes, or negative for none
     */
    public void setDeadlines(long totalDeadline, long sockReadNanos) {
        this.totalDeadline = totalDeadline;
        this.sockReadNanos = sockReadNanos;
    }

    /**
     * Returns whether any byte of the response arrived.
     *
     * @return {@code true} once the server sent something
     */
    public boolean receivedAny() {
        return received > 0;
    }

    /**
     * Reads the next response head.
     *
     * <p><b>Cancellation:</b> the connection is left mid-response; the caller must not reuse it.
     *
     * @param returnInterim return a {@code 100 Continue} instead of skipping it
     * @return the head
     * @throws HttpParseException if the bytes are not a valid response
     * @throws ReadTimeout if a deadline passed
     * @throws IOException if the connection failed or closed first ({@link java.io.EOFException})
     */
    public ResponseHead readHead(boolean returnInterim) throws IOException {
        while (true) {
            ResponseHead h = head;
            if (h != null) {
                if (!h.interim() || (returnInterim && h.status() == 100)) {
                    return h;
                }
                head = null; // an interim response (100, 102, 103): the final one follows
                complete = false;
                continue;
            }
            if (eof) {
                throw new java.io.EOFException(
                        received == 0
                                ? "the server closed the connection without responding"
                                : "the server closed the connection inside the response head");
            }
            fill();
        }
    }

    /**
     * Reads body bytes of the current response.
     *
     * <p><b>Cancellation:</b> bytes already received stay buffered, but the connection is left mid-body.
     *
     * @param dst where they go
     * @param offset from where
     * @param length at most how many (at least 1)
     * @return how many, or -1 at the end of the body
     * @throws HttpParseException if the framing is broken (a bad chunk size, a truncated body)
     * @throws ReadTimeout if a deadline passed
     * @throws IOException if the connection failed
     */
    public int readBody(byte[] dst, int offset, int length) throws IOException {
        while (true) {
            byte[] first = pending.peekFirst();
            if (first != null) {
                int n = Math.min(length, first.length - pendingOffset);
                System.arraycopy(first, pendingOffset, dst, offset, n);
                pendingOffset += n;
                if (pendingOffset == first.length) {
                    pending.pollFirst();
                    pendingOffset = 0;
                }
                return n;
            }
            if (complete) {
                return -1;
            }
            if (eof) {
                throw new java.io.EOFException("the connection closed inside the body");
            }
            target = dst;
            targetOffset = offset;
            targetLength = length;
            targetFilled = 0;
            try {
                fill();
            } finally {
                target = null;
            }
            if (targetFilled > 0) {
                return targetFilled;
            }
        }
    }

    /**
     * Returns whether the response was read to its end and the connection may carry another request.
     *
     * @return {@code true} if reusable
     */
    public boolean isReusable() {
        ResponseHead h = head;
        return complete
                && !eof
                && h != null
                && h.keepAlive()
                && !h.upgrade()
                && pending.isEmpty()
                && input.position() == 0
                && parser.isIdle();
    }

    /**
     * Returns whether bytes followed the end of the response in what was read (a body longer than its
     * {@code Content-Length}).
     *
     * @return {@code true} if so
     */
    public boolean hasExcess() {
        return complete && input.position() > 0;
    }

    /**
     * Finishes the current body without waiting, if all of it has already arrived (the common case of a small
     * body nobody read): its bytes are dropped.
     *
     * @return {@code true} if the body ended, so the connection may be reusable
     */
    public boolean skipArrivedBody() {
        pending.clear();
        pendingOffset = 0;
        discarding = true;
        try {
            while (!complete && !eof) {
                if (input.position() > 0) {
                    feedInput();
                } else if (connection.reader().buffered() > 0) {
                    // Buffered bytes are returned at once: this read does not wait.
                    connection.reader().read(input);
                    feedInput();
                } else {
                    return false;
                }
            }
            return complete;
        } catch (IOException e) {
            return false;
        } finally {
            discarding = false;
            pending.clear();
        }
    }

    /** Reads from the socket once and parses what came. */
    private void fill() throws IOException {
        if (input.position() > 0) {
            // Bytes left when the parser paused at the end of an interim response: parse them before reading more.
            feedInput();
            return;
        }
        int n = readSocket();
        if (n < 0) {
            eof = true;
            parser.finish(); // ends a read-until-close body, or throws for a truncated message
            return;
        }
        received += n;
        feedInput();
    }

    private void feedInput() throws HttpParseException {
        input.flip();
        try {
            parser.feed(input);
        } finally {
            input.compact();
        }
    }

    private int readSocket() throws IOException {
        long deadline = totalDeadline;
        boolean total = true;
        EventLoop loop = Asyncio.loop();
        if (sockReadNanos >= 0) {
            long d = loop.time() + sockReadNanos;
            if (d - deadline < 0) {
                deadline = d;
                total = false;
            }
        }
        if (deadline == Long.MAX_VALUE) {
            return connection.reader().read(input);
        }
        try {
            return Asyncio.withDeadline(deadline, () -> connection.reader().read(input));
        } catch (TimeoutException e) {
            throw new ReadTimeout(total);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // parser callbacks (inside feed)

    @Override
    public void head(ResponseHead h) {
        head = h;
    }

    @Override
    public void body(ByteBuffer chunk) {
        if (discarding) {
            chunk.position(chunk.limit());
            return;
        }
        byte[] t = target;
        if (t != null && targetFilled < targetLength) {
            int n = Math.min(chunk.remaining(), targetLength - targetFilled);
            chunk.get(t, targetOffset + targetFilled, n);
            targetFilled += n;
        }
        if (chunk.hasRemaining()) {
            byte[] rest = new byte[chunk.remaining()];
            chunk.get(rest);
            pending.addLast(rest);
        }
    }

    @Override
    public void complete() {
        complete = true;
        // Stop at the end of this message: bytes after it belong to no request (they make the connection unusable).
        parser.pause();
    }

    @Override
    public String toString() {
        return "ResponseReader[" + parser + ", received=" + received + "]";
    }
}
