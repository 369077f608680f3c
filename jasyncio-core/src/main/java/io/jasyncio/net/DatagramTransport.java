package io.jasyncio.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * A UDP endpoint seen from a {@link DatagramProtocol} (asyncio's {@code DatagramTransport}).
 *
 * {@snippet :
 * transport.sendTo(ByteBuffer.wrap(payload), new InetSocketAddress("127.0.0.1", 9999));
 * }
 *
 * <p><b>Thread safety:</b> loop-confined.
 */
public interface DatagramTransport extends BaseTransport {

    /**
     * Sends one datagram; if the socket cannot take it now it is queued.
     *
     * @param data the payload, from position to limit (copied if queued)
     * @param address the destination, or {@code null} for the connected peer
     * @throws IllegalStateException if the transport is closing
     * @throws IllegalArgumentException if no address is given and the endpoint is not connected, or an
     *     address is given and the endpoint is connected elsewhere
     */
    void sendTo(ByteBuffer data, @Nullable SocketAddress address);

    /**
     * Sends one datagram to the connected peer.
     *
     * @param data the payload
     */
    default void send(byte[] data) {
        sendTo(ByteBuffer.wrap(data), null);
    }

    /** Closes at once, dropping queued datagrams. */
    void abort();

    /**
     * Returns how many bytes of queued datagrams wait to be sent.
     *
     * @return bytes
     */
    long writeBufferSize();
}
