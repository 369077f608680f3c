package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A response whose body is written piece by piece (aiohttp's {@code StreamResponse}): set the status and headers,
 * {@link #prepare} (sends the head), {@link #write} the body (chunked unless a content length was set), and return
 * it from the handler; the server ends the body.
 *
 * {@snippet :
 * app.get("/ticks", request -> {
 *     var response = new StreamResponse().contentType("text/plain");
 *     response.prepare(request);
 *     for (int i = 0; i < 10; i++) {
 *         response.write("tick " + i + "\n");   // waits while the client is slow (backpressure)
 *         Asyncio.sleep(Duration.ofSeconds(1));
 *     }
 *     return response;
 * });
 * }
 *
 * <p>{@link Response} (a body in memory) and {@link FileResponse} (a file, sent with {@code sendfile}) extend it.
 *
 * <p>Loop-confined: used by the task handling its request.
 */
public class StreamResponse {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private int status = 200;
    private @Nullable String reason;
    private final HttpHeaders headers = HttpHeaders.create();
    /** The body length declared before {@link #prepare}, or -1. */
    private long contentLength = -1;
    /** Where the head went; set by {@link #prepare} or {@link #send}. */
    private @Nullable Exchange exchange;
    /** Whether body bytes are framed as chunks. */
    private boolean chunked;
    /** Whether the body was ended. */
    private boolean finished;

    /** Creates a 200 response with no headers. */
    public StreamResponse() {}

    /** Returns the status. */
    public int status() {
        return status;
    }

    /**
     * Sets the status (and the default reason phrase).
     *
     * @return this response
     * @throws IllegalArgumentException if {@code status} is not 100 to 599
     * @throws IllegalStateException after {@link #prepare}
     */
    public StreamResponse status(int status) {
        checkNotPrepared();
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("invalid status: " + status);
        }
        this.status = status;
        return this;
    }

    /**
     * Sets the reason phrase sent after the status.
     *
     * @return this response
     * @throws IllegalArgumentException if it holds CR, LF or other control characters
     */
    public StreamResponse reason(String reason) {
        checkNotPrepared();
        if (!reason.chars().allMatch(c -> c == '\t' || (c >= 0x20 && c != 0x7f && c <= 0xff))) {
            throw new IllegalArgumentException("invalid reason phrase");
        }
        this.reason = reason;
        return this;
    }

    /** Returns the reason phrase: the one set, or the standard one for the status. */
    public String reason() {
        return reason != null ? reason : Statuses.reason(status);
    }

    /** Returns the response headers; change them before {@link #prepare}. */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Sets a header, replacing any of the same name.
     *
     * @return this response
     */
    public StreamResponse header(String name, String value) {
        checkNotPrepared();
        headers.set(name, value);
        return this;
    }

    /**
     * Sets {@code Content-Type}.
     *
     * @return this response
     */
    public StreamResponse contentType(String contentType) {
        return header("Content-Type", contentType);
    }

    /**
     * Declares the body length, so the body is sent with {@code Content-Length} instead of chunked.
     *
     * @return this response
     */
    public StreamResponse contentLength(long length) {
        checkNotPrepared();
        if (length < 0) {
            throw new IllegalArgumentException("negative length");
        }
        this.contentLength = length;
        return this;
    }

    /**
     * Adds a {@code Set-Cookie} header.
     *
     * @return this response
     */
    public StreamResponse setCookie(Cookie cookie) {
        checkNotPrepared();
        headers.add("Set-Cookie", cookie.toSetCookie());
        return this;
    }

    /** Returns whether the head was sent. */
    public boolean isPrepared() {
        return exchange != null;
    }

    /**
     * Sends the head; after it, {@link #write} sends body bytes.
     *
     * @throws IllegalStateException if already prepared
     */
    public void prepare(Request request) {
        checkNotPrepared();
        var to = request.exchange();
        exchange = to;
        chunked = to.writeHead(this, contentLength, EMPTY);
    }

    /**
     * Sends body bytes, then waits while the client's connection is backed up (backpressure).
     *
     * <p><b>Cancellation:</b> the bytes were queued whole; only the wait for the buffer to drain stops.
     *
     * @throws IOException if the connection was lost
     * @throws IllegalStateException before {@link #prepare} or after the body ended
     */
    public void write(ByteBuffer data) throws IOException {
        var to = checkWritable();
        if (!to.isHeadRequest() && data.hasRemaining()) {
            if (chunked) {
                to.write(ByteBuffer.wrap(Integer.toHexString(data.remaining()).getBytes(StandardCharsets.US_ASCII)));
                to.write(ByteBuffer.wrap(CRLF));
                to.write(data);
                to.write(ByteBuffer.wrap(CRLF));
            } else {
                to.write(data);
            }
        }
        if (to.writeBlocked()) {
            to.drain();
        }
    }

    /**
     * Sends body bytes; see {@link #write(ByteBuffer)}.
     *
     * @throws IOException if the connection was lost
     */
    public void write(byte[] data) throws IOException {
        write(ByteBuffer.wrap(data));
    }

    /**
     * Sends text as UTF-8; see {@link #write(ByteBuffer)}.
     *
     * @throws IOException if the connection was lost
     */
    public void write(String text) throws IOException {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Waits until the connection's write buffer has drained to its low-water mark.
     *
     * <p><b>Cancellation:</b> stops waiting; the bytes stay queued.
     *
     * @throws IOException if the connection was lost
     */
    public void drain() throws IOException {
        checkWritable().drain();
    }

    /** Sends this response to {@code to} when the handler returned it without preparing it: here, no body. */
    void send(Exchange to) throws IOException {
        exchange = to;
        to.writeHead(this, 0, EMPTY);
    }

    /** Ends the body of a prepared response (the last chunk). */
    void finish() {
        var to = exchange;
        if (to == null || finished) {
            return;
        }
        finished = true;
        if (chunked && !to.isHeadRequest()) {
            to.write(ByteBuffer.wrap(LAST_CHUNK));
        }
    }

    /** Sets the exchange of a response that sends itself (subclasses). */
    final void sent(Exchange to) {
        exchange = to;
        finished = true;
    }

    private Exchange checkWritable() {
        var to = exchange;
        if (to == null) {
            throw new IllegalStateException("prepare the response first");
        }
        if (finished) {
            throw new IllegalStateException("the response has ended");
        }
        return to;
    }

    private void checkNotPrepared() {
        if (exchange != null) {
            throw new IllegalStateException("the head was sent already");
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + status + (isPrepared() ? ", prepared" : "") + "]";
    }
}
