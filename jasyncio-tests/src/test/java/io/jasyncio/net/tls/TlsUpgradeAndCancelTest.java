package io.jasyncio.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/** {@code Networking.startTls} with a user protocol, a cancelled handshake, a peer that stops mid-record. */
@Timeout(60)
class TlsUpgradeAndCancelTest {
    static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    /** A client protocol that collects what it receives and completes a future at each newline. */
    static final class Lines implements Protocol {
        final StringBuilder got = new StringBuilder();
        Future<String> next = Asyncio.loop().createFuture();

        @Override
        public void dataReceived(ByteBuffer data) {
            got.append(StandardCharsets.UTF_8.decode(data));
            int nl = got.indexOf("\n");
            if (nl >= 0) {
                String line = got.substring(0, nl + 1);
                got.delete(0, nl + 1);
                next.trySetResult(line);
            }
        }

        String awaitLine() {
            String line = next.await();
            next = Asyncio.loop().createFuture();
            return line;
        }
    }

    @AsyncioTest(realClock = true)
    void aUserProtocolUpgradesItsTransportWithStartTls() throws Exception {
        Server server = Streams.startServer(
                (r, w) -> {
                    r.readLine(); // STARTTLS
                    w.write("GO\n");
                    w.drain();
                    w.startTls(pki.serverTls());
                    TlsStreamsTest.echoLines(r, w);
                },
                "127.0.0.1",
                0);
        try {
            Lines lines = new Lines();
            var c = Networking.of(Asyncio.loop()).createConnection(() -> lines, "127.0.0.1", server.port());
            c.transport().write("STARTTLS\n");
            assertThat(lines.awaitLine()).isEqualTo("GO\n");
            Transport tls = Networking.of(Asyncio.loop())
                    .startTls(c.transport(), lines, pki.clientTls().withServerName("localhost"));
            assertThat(tls.extraInfo("protocol")).isEqualTo("TLSv1.3");
            assertThat(tls.protocol()).isSameAs(lines);
            tls.write("protected\n");
            assertThat(lines.awaitLine()).isEqualTo("protected\n");
            tls.close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest
    void aCancelledConnectDuringTheHandshakeLeavesNothingBehind() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        Server mute = Streams.startServer(
                (r, w) -> {
                    accepted.incrementAndGet();
                    r.read(-1);
                    w.close();
                },
                "127.0.0.1",
                0);
        try {
            Task<Connection> connect = Asyncio.loop()
                    .createTask(() -> Streams.openConnection(
                            "127.0.0.1",
                            mute.port(),
                            ConnectOptions.defaults().withTls(pki.clientTls()),
                            StreamReader.DEFAULT_LIMIT));
            Asyncio.sleep(Duration.ofSeconds(1)); // the ClientHello went out; no answer comes
            connect.cancel();
            assertThatThrownBy(connect::await).isInstanceOf(CancelledException.class);
            assertThat(accepted).hasValue(1);
        } finally {
            mute.close();
        }
        mute.awaitClosed(); // the mute server saw the socket end: the client's side is closed
    }

    @AsyncioTest
    void aPeerThatStopsInTheMiddleOfItsClientHelloIsDroppedAtTheTimeout() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Server server = Streams.startServer(
                (r, w) -> handled.incrementAndGet(),
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls().withHandshakeTimeout(Duration.ofSeconds(3))),
                StreamReader.DEFAULT_LIMIT);
        try {
            long start = Asyncio.loop().time();
            Connection c = Streams.openConnection("127.0.0.1", server.port());
            c.writer().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01}); // a record header and one byte
            c.reader().read(-1);
            assertThat(Duration.ofNanos(Asyncio.loop().time() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            c.close();
            assertThat(handled).hasValue(0);
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void closeClientsSendsCloseNotifySoClientsSeeAnOrderlyEnd() throws Exception {
        Future<Void> connected = Asyncio.loop().createFuture();
        Future<byte[]> handlerRead = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    connected.trySetResult(null);
                    handlerRead.setResult(r.read(-1)); // ends at the client's close_notify
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = Streams.openConnection(
                    "127.0.0.1",
                    server.port(),
                    ConnectOptions.defaults().withTls(pki.clientTls()),
                    StreamReader.DEFAULT_LIMIT);
            connected.await();
            server.close();
            server.closeClients();
            assertThat(c.reader().read(-1)).isEmpty(); // close_notify: an end, not a truncation error
            c.close();
            c.writer().awaitClosed();
            assertThat(handlerRead.await()).isEmpty();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void serverOptionsAreRefusedForAConnection() {
        assertThatThrownBy(() -> ConnectOptions.defaults()
                        .withTls(TlsOptions.server(pki.clientTls().context())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client TLS options");
    }
}
