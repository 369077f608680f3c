package io.jasyncio.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** jasyncio's TLS client against jasyncio's TLS server: streams, protocols, extra info, close, bulk data. */
@Timeout(120)
class TlsStreamsTest {
    static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    static Server echoServer(TlsOptions tls) throws Exception {
        return Streams.startServer(
                TlsStreamsTest::echoLines,
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(tls),
                StreamReader.DEFAULT_LIMIT);
    }

    static void echoLines(StreamReader r, StreamWriter w) throws Exception {
        try {
            while (true) {
                byte[] line = r.readLine();
                if (line.length == 0) {
                    break;
                }
                w.write(line);
                w.drain();
            }
        } finally {
            w.close();
        }
    }

    static Connection connect(int port, TlsOptions tls) throws Exception {
        return Streams.openConnection(
                "127.0.0.1", port, ConnectOptions.defaults().withTls(tls), StreamReader.DEFAULT_LIMIT);
    }

    @AsyncioTest(realClock = true)
    void streamsEchoOverTlsAndShowTheSession() throws Exception {
        Server server = echoServer(pki.serverTls().withAlpnProtocols("h2", "http/1.1"));
        try {
            Connection c = connect(server.port(), pki.clientTls().withAlpnProtocols("http/1.1"));
            c.writer().write("hello tls\n");
            assertThat(new String(c.reader().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("hello tls\n");
            assertThat(c.writer().extraInfo("protocol")).isEqualTo("TLSv1.3");
            assertThat(c.writer().extraInfo("cipher")).asString().startsWith("TLS_");
            assertThat(c.writer().extraInfo("alpn_protocol")).isEqualTo("http/1.1");
            assertThat(c.writer().extraInfo("ssl_object")).isInstanceOf(SSLSession.class);
            assertThat(c.writer().extraInfo("peername")).isNotNull();
            @SuppressWarnings("unchecked")
            List<X509Certificate> chain = (List<X509Certificate>) c.writer().extraInfo("peercert");
            assertThat(chain).isNotEmpty();
            assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=server");
            assertThat(c.writer().canWriteEof()).isTrue(); // TLS 1.3 closes each direction on its own
            c.close();
            c.writer().awaitClosed();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void closeSendsCloseNotifyAndThePeerSeesAnOrderlyEnd() throws Exception {
        Future<byte[]> got = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    got.setResult(r.read(-1)); // ends at the client's close_notify, without an error
                    w.close();
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = connect(server.port(), pki.clientTls());
            c.writer().write("last words");
            c.writer().close();
            c.writer().awaitClosed();
            assertThat(new String(got.await(), StandardCharsets.UTF_8)).isEqualTo("last words");
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void aHundredMebibytesKeepTheirSha256BothWays() throws Exception {
        Server server = Streams.startServer(
                (r, w) -> {
                    try {
                        while (true) {
                            byte[] chunk = r.read(256 * 1024);
                            if (chunk.length == 0) {
                                break;
                            }
                            w.write(chunk);
                            w.drain();
                        }
                    } finally {
                        w.close();
                    }
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = connect(server.port(), pki.clientTls());
            long total = 100L * 1024 * 1024;
            MessageDigest sent = MessageDigest.getInstance("SHA-256");
            MessageDigest back = MessageDigest.getInstance("SHA-256");
            var reader = Asyncio.loop().createTask(() -> {
                long n = 0;
                while (n < total) {
                    byte[] b = c.reader().read(256 * 1024);
                    if (b.length == 0) {
                        break;
                    }
                    back.update(b);
                    n += b.length;
                }
                return n;
            });
            byte[] block = new byte[64 * 1024];
            java.util.Random random = new java.util.Random(42);
            for (long n = 0; n < total; n += block.length) {
                random.nextBytes(block);
                sent.update(block);
                c.writer().write(block);
                c.writer().drain();
            }
            assertThat(reader.await()).isEqualTo(total);
            assertThat(back.digest()).isEqualTo(sent.digest());
            c.close();
            c.writer().awaitClosed();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void aUserProtocolGetsConnectionMadeAfterTheHandshakeAndPlaintextAfterIt() throws Exception {
        Server server = echoServer(pki.serverTls());
        try {
            StringBuilder got = new StringBuilder();
            Future<Void> done = Asyncio.loop().createFuture();
            var c = Networking.of(Asyncio.loop())
                    .createConnection(
                            () -> new Protocol() {
                                @Override
                                public void connectionMade(Transport t) {
                                    assertThat(t.extraInfo("protocol")).isEqualTo("TLSv1.3");
                                    t.write("from a protocol\n");
                                }

                                @Override
                                public void dataReceived(ByteBuffer data) {
                                    got.append(StandardCharsets.UTF_8.decode(data));
                                    if (got.indexOf("\n") >= 0) {
                                        done.trySetResult(null);
                                    }
                                }
                            },
                            "127.0.0.1",
                            server.port(),
                            ConnectOptions.defaults().withTls(pki.clientTls()));
            done.await();
            assertThat(got.toString()).isEqualTo("from a protocol\n");
            c.transport().close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void mutualTlsPresentsTheClientCertificate() throws Exception {
        Future<Object> seen = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    seen.setResult(w.extraInfo("peercert"));
                    echoLines(r, w);
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.mutualServerTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = connect(server.port(), pki.mutualClientTls());
            c.writer().write("me\n");
            assertThat(c.reader().readLine()).isEqualTo("me\n".getBytes(StandardCharsets.UTF_8));
            assertThat(String.valueOf(seen.await())).contains("CN=client");
            c.close();
            c.writer().awaitClosed();

            // without a certificate the server refuses (TLS 1.3 clients learn it at their first read)
            Connection anon = connect(server.port(), pki.clientTls());
            anon.writer().write("anyone?\n");
            assertThatThrownBy(() -> anon.reader().readLine()).isInstanceOf(SSLException.class);
            anon.close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void unixSocketsSpeakTlsToo(@TempDir Path dir) throws Exception {
        Path sock = dir.resolve("tls.sock");
        Server server = Streams.startUnixServer(
                TlsStreamsTest::echoLines,
                sock,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = Streams.openUnixConnection(
                    sock,
                    ConnectOptions.defaults().withTls(pki.clientTls().withServerName("localhost")),
                    StreamReader.DEFAULT_LIMIT);
            c.writer().write("over unix\n");
            assertThat(new String(c.reader().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("over unix\n");
            c.close();
            c.writer().awaitClosed();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }
}
