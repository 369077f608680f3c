package io.jasyncio.net;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Callbacks for a UDP endpoint (asyncio's {@code DatagramProtocol}).
 *
 * {@snippet :
 * Networking.of(loop).createDatagramEndpoint(() -> new DatagramProtocol() {
 *     DatagramTransport t;
 *     public void connectionMade(DatagramTransport transport) { t = transport; }
 *     public void datagramReceived(ByteBuffer data, SocketAddress from) { t.sendTo(data, from); }
 * }, new InetSocketAddress("127.0.0.1", 0), null, DatagramOptions.defaults());
 * }
 *
 * <p><b>Thread safety:</b> the loop calls these methods from its own thread only.
 */
public interface DatagramProtocol extends BaseProtocol {

    /** Called once the endpoint is ready. */
    default void connectionMade(DatagramTransport transport) {}

    /**
     * Called for each datagram. The buffer is the loop's shared read buffer, valid only during the call.
     *
     * @param data the payload
     * @param from the sender
     */
    void datagramReceived(ByteBuffer data, SocketAddress from);

    /**
     * Called when a send or receive failed (for example ICMP port unreachable on a connected endpoint); the
     * endpoint stays open.
     */
    default void errorReceived(IOException error) {}
}
