package io.jasyncio.net;

import org.jspecify.annotations.Nullable;

/**
 * What every transport can do: close and describe itself (asyncio's {@code BaseTransport}).
 *
 * {@snippet :
 * Object peer = transport.extraInfo("peername"); // a SocketAddress
 * transport.close();
 * }
 *
 * <p><b>Thread safety:</b> loop-confined.
 */
public interface BaseTransport {

    /**
     * Closes the transport: buffered data is still sent, then the protocol's
     * {@link BaseProtocol#connectionLost connectionLost(null)} runs. Idempotent.
     */
    void close();

    /**
     * Returns whether the transport is closing or closed.
     *
     * @return {@code true} once {@link #close()} (or a fatal error) started closing it
     */
    boolean isClosing();

    /**
     * Returns optional information about the transport: {@code "peername"}, {@code "sockname"} (both
     * {@link java.net.SocketAddress}, read when the transport was made and still there after it closed, so
     * {@code connectionLost} can name the peer), {@code "socket"} (the {@link java.nio.channels.Channel}).
     *
     * @param key the name
     * @return the value, or {@code null} if unknown
     */
    @Nullable
    Object extraInfo(String key);
}
