package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The write side of one request on its connection, through which a response sends itself: the head (framing
 * decided here, from the request and the response), then body bytes. Loop-confined.
 */
interface Exchange {

    /** Returns whether the request was a HEAD: the head is sent, body bytes are dropped. */
    boolean isHeadRequest();

    /**
     * Writes the head of {@code response}, adding {@code Date}, the framing field and {@code Connection} as needed,
     * followed by {@code body} (which may be empty) in the same write.
     *
     * @param contentLength the body length, or -1 when unknown: then chunked for HTTP/1.1, else until close;
     *     ignored for statuses without a body (1xx, 204, 304)
     * @return whether the body that follows must be sent chunked
     */
    boolean writeHead(StreamResponse response, long contentLength, ByteBuffer body);

    /** Writes body bytes as they are (the caller frames chunks). */
    void write(ByteBuffer data);

    /** Counts body bytes sent with {@code sendfile}, for the access log. */
    void sentFromFile(long bytes);

    /**
     * Waits until the connection's write buffer is at or below its low-water mark.
     *
     * <p><b>Cancellation:</b> stops waiting; the buffered bytes stay queued.
     *
     * @throws IOException if the connection was lost
     */
    void drain() throws IOException;

    /** Returns whether the write buffer is above its high-water mark. */
    boolean writeBlocked();

    /** Returns the headers of the request being answered (for conditional and range requests). */
    HttpHeaders requestHeaders();

    /** Returns the connection's transport (for {@code sendfile}). */
    Transport transport();
}
