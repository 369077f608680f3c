package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;

/** The transport contract over TCP on loopback. */
class TcpTransportTest extends TransportContract {

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        Server listener = Networking.of(loop).createServer(new OneProtocol(server), "127.0.0.1", 0);
        Networking.of(loop).createConnection(() -> client, "127.0.0.1", listener.port());
        return () -> {
            listener.close();
            listener.awaitClosed();
        };
    }
}
