package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.testing.TestCertificates;

/** The stream contract over TLS on loopback. */
class TlsStreamTest extends StreamContract {

    @org.junit.jupiter.api.BeforeAll
    static void certificates() {
        TestCertificates.shared(); // openssl runs here, not inside a test's loop
    }

    @Override
    Pair open(int limit) throws Exception {
        TestCertificates pki = TestCertificates.shared();
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> accepted.setResult(new Connection(r, w)),
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                limit);
        Connection client = Streams.openConnection(
                "127.0.0.1", server.port(), ConnectOptions.defaults().withTls(pki.clientTls()), limit);
        return new Pair(client, accepted.await(), server);
    }
}
