package io.jasyncio.internal.net;

import io.jasyncio.net.BaseProtocol;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connected;
import io.jasyncio.net.DatagramOptions;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The networking of a loop, on NIO channels registered with the loop through the seam: connecting
 * ({@link Connections}), serving ({@link Servers}), datagrams ({@link Datagrams}), the {@code sock*} calls
 * ({@link Sockets}) and {@link SendFile}. The loop makes one and hands it out as its {@link Networking}.
 */
public final class NioNetworking implements Networking {
    private final NetLoop loop;

    /** Creates the networking of {@code loop}. */
    public NioNetworking(NetLoop loop) {
        this.loop = loop;
    }

    @Override
    public <P extends BaseProtocol> Connected<Transport, P> createConnection(
            Supplier<P> factory, String host, int port, ConnectOptions options) throws IOException {
        return Connections.createConnection(loop, factory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Connected<Transport, P> createConnection(
            Supplier<P> factory, List<InetSocketAddress> addresses, ConnectOptions options) throws IOException {
        return Connections.createConnection(loop, factory, addresses, options);
    }

    @Override
    public Server createServer(
            Supplier<? extends BaseProtocol> factory, @Nullable String host, int port, ServerOptions options)
            throws IOException {
        return Servers.createServer(loop, factory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Connected<Transport, P> createUnixConnection(
            Supplier<P> factory, Path path, ConnectOptions options) throws IOException {
        return Connections.createUnixConnection(loop, factory, path, options);
    }

    @Override
    public <P extends BaseProtocol> Connected<Transport, P> connectAccepted(
            Supplier<P> factory, SocketChannel socket, @Nullable TlsOptions tls) throws IOException {
        return Connections.connectAccepted(loop, factory, socket, tls);
    }

    @Override
    public Transport startTls(Transport transport, BaseProtocol protocol, TlsOptions options) throws IOException {
        loop.checkThread();
        if (!(transport instanceof SocketTransport lower) || lower.loop != loop) {
            throw new IllegalArgumentException("startTls needs a TCP or Unix transport of this loop, got " + transport);
        }
        return TlsTransport.upgrade(lower, protocol, options);
    }

    @Override
    public Server createUnixServer(Supplier<? extends BaseProtocol> factory, Path path, ServerOptions options)
            throws IOException {
        return Servers.createUnixServer(loop, factory, path, options);
    }

    @Override
    public <P extends DatagramProtocol> Connected<DatagramTransport, P> createDatagramEndpoint(
            Supplier<P> factory, @Nullable SocketAddress local, @Nullable SocketAddress remote, DatagramOptions options)
            throws IOException {
        return Datagrams.createEndpoint(loop, factory, local, remote, options);
    }

    @Override
    public int sockRecv(SocketChannel socket, ByteBuffer buffer) throws IOException {
        return Sockets.sockRecv(loop, socket, buffer);
    }

    @Override
    public void sockSendAll(SocketChannel socket, ByteBuffer buffer) throws IOException {
        Sockets.sockSendAll(loop, socket, buffer);
    }

    @Override
    public SocketChannel sockAccept(ServerSocketChannel listener) throws IOException {
        return Sockets.sockAccept(loop, listener);
    }

    @Override
    public void sockConnect(SocketChannel socket, SocketAddress address) throws IOException {
        Sockets.sockConnect(loop, socket, address);
    }

    @Override
    public long sendfile(Transport transport, FileChannel file, long offset, long count) throws IOException {
        return SendFile.send(loop, transport, file, offset, count);
    }
}
