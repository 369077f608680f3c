package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.junit.jupiter.api.BeforeAll;

/** The transport contract over TLS on an accepted socket: {@code connectAccepted} with server TLS options. */
class AcceptedTlsTransportTest extends TransportContract {

    @BeforeAll
    static void certificates() {
        TestCertificates.shared(); // openssl runs here, not inside a test's loop
    }

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        TestCertificates pki = TestCertificates.shared();
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
        // The client's handshake needs the server side running: connect in a task of its own.
        Task<?> connecting = Asyncio.createTask(() -> Networking.of(loop)
                .createConnection(
                        () -> client,
                        "127.0.0.1",
                        port,
                        ConnectOptions.defaults().withTls(pki.clientTls())));
        SocketChannel accepted = Networking.of(loop).sockAccept(listener);
        Networking.of(loop).connectAccepted(() -> server, accepted, pki.serverTls());
        connecting.await();
        return listener::close;
    }
}
