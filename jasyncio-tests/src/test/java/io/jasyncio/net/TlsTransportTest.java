package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.testing.TestCertificates;
import java.io.IOException;

/** The transport contract over TLS on loopback: flow control, pause/resume, close and errors as on TCP. */
class TlsTransportTest extends TransportContract {

    @org.junit.jupiter.api.BeforeAll
    static void certificates() {
        TestCertificates.shared(); // openssl runs here, not inside a test's loop
    }

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        TestCertificates pki = TestCertificates.shared();
        Server listener = Networking.of(loop)
                .createServer(
                        new OneProtocol(server),
                        "127.0.0.1",
                        0,
                        ServerOptions.defaults().withTls(pki.serverTls()));
        Networking.of(loop)
                .createConnection(
                        () -> client,
                        "127.0.0.1",
                        listener.port(),
                        ConnectOptions.defaults().withTls(pki.clientTls()));
        return () -> {
            listener.close();
            listener.awaitClosed();
        };
    }
}
