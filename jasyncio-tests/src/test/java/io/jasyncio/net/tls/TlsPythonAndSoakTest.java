package io.jasyncio.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;

/** CPython's asyncio with {@code ssl} as a client of the TLS echo server; a thousand failed handshakes. */
@Timeout(120)
class TlsPythonAndSoakTest {
    static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    private static final String PY_CLIENT = """
            import asyncio, hashlib, ssl, sys
            async def main():
                ctx = ssl.create_default_context(cafile=sys.argv[2])
                r, w = await asyncio.open_connection('127.0.0.1', int(sys.argv[1]), ssl=ctx,
                                                     server_hostname='localhost')
                payload = bytes(range(256)) * 4096 + b'\\n'
                w.write(payload)
                await w.drain()
                back = await r.readexactly(len(payload))
                print(hashlib.sha256(back).hexdigest() == hashlib.sha256(payload).hexdigest(), len(back),
                      w.get_extra_info('ssl_object').version(), flush=True)
                w.close()
                await w.wait_closed()
            asyncio.run(main())
            """;

    @AsyncioTest(realClock = true)
    void pythonAsyncioWithSslIsAClientOfTheTlsEchoServer() throws Exception {
        Server server = TlsStreamsTest.echoServer(pki.serverTls());
        try {
            Path script = pki.directory().resolve("tls_client.py");
            Files.writeString(script, PY_CLIENT);
            try (Peer py = Peer.start(
                    pki.directory(),
                    "python3",
                    script.toString(),
                    String.valueOf(server.port()),
                    pki.ca().toString())) {
                String out = py.awaitExit();
                assertThat(out).contains("True 1048577 TLSv1.3");
                assertThat(py.exitValue()).as(out).isZero();
            }
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    /**
     * A thousand failed handshakes of both kinds (garbage in place of a ClientHello at the server; an untrusted
     * certificate at the client) leave no descriptor, task or thread behind: the {@code @AsyncioTest} leak checks
     * compare before and after, and the server's connections have all ended.
     */
    @Tag("soak")
    @AsyncioTest(realClock = true)
    void aThousandFailedHandshakesLeakNothing() throws Exception {
        SegmentPool pool = SegmentPool.of(Asyncio.loop());
        long lentBefore = pool.lent();
        AtomicInteger handled = new AtomicInteger();
        Server server = Streams.startServer(
                (r, w) -> handled.incrementAndGet(),
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            for (int i = 0; i < 500; i++) {
                Connection raw = Streams.openConnection("127.0.0.1", server.port());
                raw.writer().write("GET / HTTP/1.0\r\n\r\n");
                raw.reader().read(-1);
                raw.close();
                raw.writer().awaitClosed();
            }
            int refused = 0;
            for (int i = 0; i < 500; i++) {
                try {
                    Streams.openConnection(
                                    "127.0.0.1",
                                    server.port(),
                                    ConnectOptions.defaults().withTls(io.jasyncio.net.TlsOptions.client()),
                                    StreamReader.DEFAULT_LIMIT)
                            .close();
                } catch (SSLHandshakeException e) {
                    refused++;
                }
            }
            assertThat(refused).isEqualTo(500);
        } finally {
            server.close();
        }
        server.awaitClosed();
        assertThat(handled).hasValue(0);
        assertThat(pool.lent()).as("pooled buffers not given back").isEqualTo(lentBefore);
    }
}
