package io.jasyncio.net;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A stream connection (TCP or Unix socket) seen from a {@link Protocol}: write bytes, half-close, control the
 * flow both ways (asyncio's {@code Transport}).
 *
 * {@snippet :
 * class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }
 * }
 *
 * <h2>Writing and flow control</h2>
 * {@link #write} never blocks: it sends what the socket takes at once and buffers the rest. When the buffer
 * grows above the high-water mark the protocol's {@link BaseProtocol#pauseWriting()} runs; when it drains
 * below the low-water mark, {@link BaseProtocol#resumeWriting()}. The two calls strictly alternate, starting with
 * {@code pauseWriting}. Defaults: 64 KiB and 16 KiB.
 * {@link #pauseReading()} stops {@code dataReceived} calls until {@link #resumeReading()}.
 *
 * <h2>Buffer ownership</h2>
 * A transport never keeps a reference to a buffer passed to {@code write}: the bytes are sent, or copied into the
 * transport's own buffer, before {@code write} returns, so the caller may reuse or overwrite the buffer at once
 * (a protocol may echo the buffer {@code dataReceived} lends it). The socket transports copy nothing for a direct
 * buffer the socket takes at once, copy what it does not take once into pooled direct segments, and copy a heap
 * buffer once (the copy the JDK makes anyway on its way to a socket).
 *
 * <h2>Thread safety</h2>
 * Loop-confined; every method throws {@link IllegalStateException} from another thread.
 */
public interface Transport extends BaseTransport {

    /**
     * Sends bytes, buffering what the socket does not take at once; the buffer's content is copied (or sent)
     * before this returns, so the caller may reuse it (see "Buffer ownership" above).
     *
     * @param data the bytes from its position to its limit; its position is advanced to the limit
     * @throws IllegalStateException if the transport was closed by {@link #close()}, after {@link #writeEof()},
     *     or while {@link Networking#sendfile} feeds it (the bytes would land
     *     inside the file's); data written after a connection error is dropped silently (the error was reported
     *     to {@code connectionLost})
     */
    void write(ByteBuffer data);

    /**
     * Sends bytes; see {@link #write(ByteBuffer)}.
     *
     * @param data the bytes
     */
    default void write(byte[] data) {
        write(ByteBuffer.wrap(data));
    }

    /** Sends a string encoded as UTF-8; see {@link #write(ByteBuffer)}. */
    default void write(String text) {
        write(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends several buffers in order, as one gathering write where the transport can (asyncio's
     * {@code writelines}); the same rules as {@link #write(ByteBuffer)} apply to each buffer.
     *
     * @param data the buffers, each from its position to its limit; every position is advanced to its limit
     * @throws IllegalStateException as {@link #write(ByteBuffer)}
     */
    default void write(ByteBuffer[] data) {
        for (ByteBuffer b : data) {
            write(b);
        }
    }

    /**
     * Sends several pieces in order, as one gathering write where the transport can (asyncio's
     * {@code writelines}).
     *
     * @param data the pieces
     */
    default void writeLines(Iterable<byte[]> data) {
        for (byte[] b : data) {
            write(b);
        }
    }

    /**
     * Closes the write side after the buffered data is sent (TCP half-close); reading continues.
     *
     * @throws UnsupportedOperationException if {@link #canWriteEof()} is false
     */
    void writeEof();

    /**
     * Returns whether {@link #writeEof()} is supported (true for TCP and Unix sockets).
     *
     * @return {@code true} if it is
     */
    boolean canWriteEof();

    /** Closes at once, dropping buffered data; {@code connectionLost(null)} follows. */
    void abort();

    /** Stops delivering received data until {@link #resumeReading()}; the kernel buffer fills and the peer
     * slows down. Idempotent. */
    void pauseReading();

    /** Delivers received data again after {@link #pauseReading()}. Idempotent. */
    void resumeReading();

    /**
     * Returns whether data is being delivered (not paused, not closing).
     *
     * @return {@code true} if reading
     */
    boolean isReading();

    /**
     * Sets the write buffer's high- and low-water marks.
     *
     * @param high the size above which the protocol is paused (0 pauses at any buffered byte)
     * @param low the size at or below which it is resumed; at most {@code high}
     * @throws IllegalArgumentException if {@code low > high} or either is negative
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * Returns the high-water mark.
     *
     * @return bytes
     */
    int writeBufferHighWater();

    /**
     * Returns the low-water mark.
     *
     * @return bytes
     */
    int writeBufferLowWater();

    /**
     * Returns how many bytes wait in the write buffer.
     *
     * @return bytes not yet taken by the socket
     */
    long writeBufferSize();

    /** Returns the protocol this transport delivers to. */
    BaseProtocol protocol();
}
