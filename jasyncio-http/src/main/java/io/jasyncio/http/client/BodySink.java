package io.jasyncio.http.client;

import java.io.IOException;

/**
 * Where a {@link RequestBody} writes its bytes: the connection, with chunked framing when the length is unknown.
 * Each write waits while the socket's buffer is full (backpressure), so a body streams in bounded memory.
 *
 * <p><b>Cancellation:</b> a cancelled write leaves the connection unusable; the client closes it.
 */
@FunctionalInterface
public interface BodySink {
    /**
     * Writes bytes and waits until the connection can take more.
     *
     * @param bytes the array
     * @param offset where the bytes start
     * @param length how many
     * @throws IOException if the connection failed
     */
    void write(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Writes a whole array; see {@link #write(byte[], int, int)}.
     *
     * @param bytes the bytes
     * @throws IOException if the connection failed
     */
    default void write(byte[] bytes) throws IOException {
        write(bytes, 0, bytes.length);
    }
}
