package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The transport contract over a TCP socket accepted with {@code sockAccept} and wired with
 * {@code connectAccepted} (asyncio's {@code loop.connect_accepted_socket}).
 */
class AcceptedTransportTest extends TransportContract {

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        Task<?> connecting =
                Asyncio.createTask(() -> Networking.of(loop).createConnection(() -> client, "127.0.0.1", port));
        SocketChannel accepted = Networking.of(loop).sockAccept(listener);
        Networking.of(loop).connectAccepted(() -> server, accepted, null);
        connecting.await();
        return listener::close;
    }
}
