package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * Callbacks for a stream connection that receive into buffers the protocol owns, saving a copy
 * (asyncio's {@code BufferedProtocol}).
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
     * @param sizeHint a suggested free size (the buffer may be smaller or larger, but not full)
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
