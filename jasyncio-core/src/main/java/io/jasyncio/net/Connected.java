package io.jasyncio.net;

/**
 * The transport and protocol of a new connection or endpoint (the {@code (transport, protocol)} pair asyncio's
 * {@code create_connection} returns).
 *
 * {@snippet :
 * Connected<Transport, MyProtocol> c = Networking.of(loop).createConnection(MyProtocol::new, "example.org", 80);
 * c.transport().write("GET / HTTP/1.0\r\n\r\n");
 * }
 *
 * <p><b>Thread safety:</b> an immutable pair of loop-confined objects.
 *
 * @param <T> the transport type
 * @param <P> the protocol type
 * @param transport the transport
 * @param protocol the protocol the factory made
 */
public record Connected<T extends BaseTransport, P extends BaseProtocol>(T transport, P protocol) {}
