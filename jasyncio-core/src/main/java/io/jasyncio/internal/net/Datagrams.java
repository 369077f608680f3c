package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Connected;
import io.jasyncio.net.DatagramOptions;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Opens UDP endpoints ({@code createDatagramEndpoint}). */
public final class Datagrams {
    private Datagrams() {}

    /**
     * Opens, binds and optionally connects a datagram socket and wires it to a protocol.
     *
     * @param <P> the protocol type
     * @param eventLoop the loop
     * @param factory makes the protocol
     * @param local the address to bind, or {@code null}
     * @param remote the peer, or {@code null}
     * @param options the options
     * @return the transport and protocol
     * @throws IOException if the socket could not be set up
     */
    public static <P extends DatagramProtocol> Connected<DatagramTransport, P> createEndpoint(
            EventLoop eventLoop,
            Supplier<P> factory,
            @Nullable SocketAddress local,
            @Nullable SocketAddress remote,
            DatagramOptions options)
            throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        SocketAddress any = local != null ? local : remote;
        StandardProtocolFamily family = any instanceof UnixDomainSocketAddress
                ? StandardProtocolFamily.UNIX
                : any instanceof InetSocketAddress isa && isa.getAddress() instanceof Inet6Address
                        ? StandardProtocolFamily.INET6
                        : StandardProtocolFamily.INET;
        DatagramChannel ch = DatagramChannel.open(family);
        DatagramSocketTransport t;
        P protocol;
        try {
            ch.configureBlocking(false);
            if (family != StandardProtocolFamily.UNIX) {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
                if (options.reusePort()) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                if (options.broadcast()) {
                    ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
                }
            }
            if (local != null || family != StandardProtocolFamily.UNIX) {
                ch.bind(local);
            }
            if (remote != null) {
                ch.connect(remote);
            }
            protocol = factory.get();
            t = new DatagramSocketTransport(loop, ch, protocol, remote);
        } catch (IOException | RuntimeException | Error e) {
            Sockets.closeUnregistered(loop, ch); // an Error from the user's factory too: the socket must not leak
            throw e;
        }
        t.startAndAwaitMade();
        return new Connected<>(t, protocol);
    }
}
