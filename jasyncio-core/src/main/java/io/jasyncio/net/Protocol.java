package io.jasyncio.net;

import java.nio.ByteBuffer;

/**
 * Callbacks for a stream connection (asyncio's {@code Protocol}).
 *
 * {@snippet :
 * Server server = Networking.of(loop).createServer(() -> new Protocol() {
 *     Transport transport;
 *     public void connectionMade(Transport t) { transport = t; }
 *     public void dataReceived(ByteBuffer data) { transport.write(data); }
 * }, "127.0.0.1", 8888);
 * }
 *
 * <p>Order: {@code connectionMade}, then {@code dataReceived}* and at most one {@code eofReceived}, then
 * exactly one {@code connectionLost}.
 *
 * <p><b>Thread safety:</b> the loop calls these methods from its own thread only.
 */
public interface Protocol extends BaseProtocol {

    /**
     * Called once the connection is ready.
     *
     * @param transport the transport to write to
     */
    default void connectionMade(Transport transport) {}

    /**
     * Called with the bytes just received, without a copy: the buffer is the loop's shared direct read buffer.
     *
     * <p><b>Ownership:</b> the buffer is lent for the duration of this call only; the next read of any connection
     * of the loop overwrites it. Consume what you need, or copy it, before returning, and keep no reference to it.
     * Passing it to {@link Transport#write(ByteBuffer)} is fine (the transport sends or copies the bytes before
     * {@code write} returns). Moving its position or limit is fine too.
     *
     * @param data the bytes, from position to limit
     */
    void dataReceived(ByteBuffer data);

    /**
     * Called when the peer closed its write side.
     *
     * @return {@code true} to keep the connection open for writing (half-close); {@code false} (the default)
     *     closes it
     */
    default boolean eofReceived() {
        return false;
    }
}
