package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * Callbacks for a stream connection that receive into buffers the protocol owns, saving a copy
 * (asyncio's {@code BufferedProtocol}): the transport reads from the socket straight into the buffer
 * {@link #getBuffer} returns. Give it a direct buffer: reading into a heap buffer makes the JDK copy through a
 * temporary direct one. A protocol that implements both this and {@link Protocol} is treated as a
 * {@code BufferedProtocol}, as asyncio does.
 *
 * {@snippet :
 * class Sink implements BufferedProtocol {
 *     private final ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
 *     public ByteBuffer getBuffer(int sizeHint) { return buf.clear(); }
 *     public void bufferUpdated(int n) { consume(buf.flip()); }
 * }
 * }
 *
 * <p><b>Thread safety:</b> the loop calls these methods from its own thread only.
 */
public interface BufferedProtocol extends BaseProtocol {

    /**
     * Called once the connection is ready.
     *
     * @param transport the transport to write to
     */
    default void connectionMade(Transport transport) {}

    /**
     * Returns the buffer the next read goes into: bytes are written from its position up to its limit.
     *
     * <p><b>Ownership:</b> the transport uses the buffer only during the read that follows this call and keeps no
     * reference to it; {@link #bufferUpdated(int)} follows if bytes arrived.
     *
     * @param sizeHint a suggested free size, adapted to the connection (small while messages are small, up to
     *     128 KiB for bulk transfers); the buffer may be smaller or larger, but not full
     * @return the buffer
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * Called after a read put {@code n} bytes into the buffer (its position has advanced by {@code n}).
     *
     * @param n how many bytes arrived
     */
    void bufferUpdated(int n);

    /**
     * Called when the peer closed its write side.
     *
     * @return {@code true} to keep the connection open for writing; {@code false} closes it
     */
    default boolean eofReceived() {
        return false;
    }
}
