package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.net.tls.TestPki;
import java.io.IOException;

/** The transport contract over TLS on loopback: flow control, pause/resume, close and errors as on TCP. */
class TlsTransportTest extends TransportContract {

    @org.junit.jupiter.api.BeforeAll
    static void certificates() {
        TestPki.get(); // openssl runs here, not inside a test's loop
    }

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        TestPki pki = TestPki.get();
        Server listener = Networking.of(loop)
                .createServer(
                        new OneProtocol(server),
                        "127.0.0.1",
                        0,
                        ServerOptions.defaults().withTls(pki.server()));
        Networking.of(loop)
                .createConnection(
                        () -> client,
                        "127.0.0.1",
                        listener.port(),
                        ConnectOptions.defaults().withTls(pki.client()));
        return () -> {
            listener.close();
            listener.awaitClosed();
        };
    }
}
