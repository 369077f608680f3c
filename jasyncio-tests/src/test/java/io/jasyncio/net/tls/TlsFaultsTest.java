package io.jasyncio.net.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import io.jasyncio.testing.TestCertificates.Credential;
import io.jasyncio.testing.TestCertificates.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLProtocolException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * Bad certificates (from a real {@code openssl s_server}), bad peers, timeouts, truncation, and STARTTLS with
 * plaintext sent ahead of the handshake (the class of CPython's CVE-2023-40217).
 */
@Timeout(60)
class TlsFaultsTest {
    static TestCertificates pki;
    static Credential expired;
    static Credential notYetValid;
    static Credential selfSigned;
    static Credential untrusted;
    static Credential wrongHost;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
        String[] localhost = TestCertificates.LOCALHOST.toArray(String[]::new);
        expired = pki.issue(
                "expired",
                Usage.SERVER,
                Instant.parse("2020-01-01T00:00:00Z"),
                Instant.parse("2020-01-02T00:00:00Z"),
                localhost);
        notYetValid = pki.issue(
                "future",
                Usage.SERVER,
                Instant.parse("2090-01-01T00:00:00Z"),
                Instant.parse("2090-01-02T00:00:00Z"),
                localhost);
        selfSigned = pki.selfSigned("selfsigned", localhost);
        untrusted = TestCertificates.createTemporary("unknown CA").issue("untrusted", Usage.SERVER, localhost);
        wrongHost = pki.issue("wronghost", Usage.SERVER, "other.test");
    }

    private static Connection connect(int port, TlsOptions tls) throws IOException {
        return Streams.openConnection(
                "127.0.0.1", port, ConnectOptions.defaults().withTls(tls), StreamReader.DEFAULT_LIMIT);
    }

    /** Connects to an openssl server presenting {@code cert}; returns what the handshake threw. */
    private static Throwable refused(Credential cert, TlsOptions tls) throws Exception {
        try (Peer s = Peer.reversingServer(pki, cert)) {
            Throwable[] thrown = new Throwable[1];
            try {
                connect(s.port, tls).close();
            } catch (SSLHandshakeException e) {
                thrown[0] = e;
            }
            assertThat(thrown[0]).as("the handshake must fail").isNotNull();
            return thrown[0];
        }
    }

    @AsyncioTest(realClock = true)
    void anExpiredCertificateIsRejected() throws Exception {
        assertThat(refused(expired, pki.clientTls()))
                .hasStackTraceContaining("validity check failed")
                .rootCause()
                .isInstanceOf(CertificateExpiredException.class);
    }

    @AsyncioTest(realClock = true)
    void aNotYetValidCertificateIsRejected() throws Exception {
        assertThat(refused(notYetValid, pki.clientTls()))
                .hasStackTraceContaining("validity check failed")
                .rootCause()
                .isInstanceOf(CertificateNotYetValidException.class);
    }

    @AsyncioTest(realClock = true)
    void aSelfSignedCertificateIsRejected() throws Exception {
        assertThat(refused(selfSigned, pki.clientTls())).hasMessageContaining("PKIX path building failed");
    }

    @AsyncioTest(realClock = true)
    void aCertificateFromAnUnknownCaIsRejected() throws Exception {
        assertThat(refused(untrusted, pki.clientTls())).hasMessageContaining("unable to find valid certification path");
    }

    @AsyncioTest(realClock = true)
    void aCertificateForAnotherHostIsRejected() throws Exception {
        assertThat(refused(wrongHost, pki.clientTls()))
                .hasMessageContaining("No subject alternative names matching IP address 127.0.0.1");
        assertThat(refused(wrongHost, pki.clientTls().withServerName("localhost")))
                .hasMessageContaining("No subject alternative DNS name matching localhost");
    }

    @AsyncioTest(realClock = true)
    void theDefaultClientTrustsNoTestCertificateAndTheInsecureOptionsSayWhatTheySkip() throws Exception {
        assertThat(refused(pki.server(), TlsOptions.client())).hasMessageContaining("PKIX path building failed");
        try (Peer s = Peer.reversingServer(pki, wrongHost)) {
            Connection c = connect(
                    s.port,
                    TlsOptions.client(io.jasyncio.net.TlsContexts.insecureTrustingAnyCertificate())
                            .insecureWithoutHostnameVerification());
            c.writer().write("ok\n");
            assertThat(c.reader().readLine()).isEqualTo("ko\n".getBytes(StandardCharsets.UTF_8));
            c.close();
            c.writer().awaitClosed();
        }
    }

    private static Server countingEchoServer(TlsOptions tls, AtomicInteger handled) throws IOException {
        return Streams.startServer(
                (r, w) -> {
                    handled.incrementAndGet();
                    TlsStreamsTest.echoLines(r, w);
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(tls),
                StreamReader.DEFAULT_LIMIT);
    }

    @AsyncioTest(realClock = true)
    void garbageInsteadOfAClientHelloCostsThatConnectionOnly() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Server server = countingEchoServer(pki.serverTls(), handled);
        try {
            Connection raw = Streams.openConnection("127.0.0.1", server.port());
            raw.writer().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
            byte[] answer = raw.reader().read(-1); // at most an alert, then the end
            assertThat(new String(answer, StandardCharsets.ISO_8859_1)).doesNotContain("HTTP");
            raw.close();

            Connection good = connect(server.port(), pki.clientTls());
            good.writer().write("still serving\n");
            assertThat(good.reader().readLine()).isEqualTo("still serving\n".getBytes(StandardCharsets.UTF_8));
            good.close();
            good.writer().awaitClosed();
            assertThat(handled).hasValue(1); // the garbage never reached a handler
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest
    void aClientThatNeverSpeaksIsDroppedAtTheHandshakeTimeout() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Server server = countingEchoServer(pki.serverTls().withHandshakeTimeout(Duration.ofSeconds(5)), handled);
        try {
            long start = Asyncio.loop().time();
            Connection silent = Streams.openConnection("127.0.0.1", server.port());
            silent.reader().read(-1); // the server ends the connection (an alert at most)
            assertThat(Duration.ofNanos(Asyncio.loop().time() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            silent.close();
            assertThat(handled).hasValue(0);
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest
    void aServerThatNeverAnswersFailsTheConnectAtTheHandshakeTimeout() throws Exception {
        Server mute = Streams.startServer(
                (r, w) -> {
                    r.read(-1);
                    w.close();
                },
                "127.0.0.1",
                0);
        try {
            long start = Asyncio.loop().time();
            assertThatThrownBy(() -> connect(mute.port(), pki.clientTls().withHandshakeTimeout(Duration.ofSeconds(10))))
                    .isInstanceOf(SSLHandshakeException.class)
                    .hasMessageContaining("did not finish within PT10S");
            assertThat(Duration.ofNanos(Asyncio.loop().time() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
        } finally {
            mute.close();
        }
        mute.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void aTcpCloseWithoutCloseNotifyIsReportedAsPossibleTruncation() throws Exception {
        Server server = Streams.startServer(
                (r, w) -> {
                    w.write("partial");
                    w.drain();
                    w.transport().abort(); // TCP ends, no close_notify
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = connect(server.port(), pki.clientTls());
            assertThat(c.reader().readExactly(7)).isEqualTo("partial".getBytes(StandardCharsets.UTF_8));
            assertThatThrownBy(() -> c.reader().read(-1))
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("without a TLS close_notify");
            c.close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    // ------------------------------------------------------------------------------------------------
    // STARTTLS

    @AsyncioTest(realClock = true)
    void streamsUpgradeBothSidesWithStartTls() throws Exception {
        Future<String> serverSaw = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    r.readLine(); // STARTTLS
                    w.write("GO\n");
                    w.drain();
                    w.startTls(pki.serverTls());
                    serverSaw.setResult(new String(r.readLine(), StandardCharsets.UTF_8));
                    w.write("secret back\n");
                    w.drain();
                    w.close();
                },
                "127.0.0.1",
                0);
        try {
            Connection c = Streams.openConnection("127.0.0.1", server.port());
            c.writer().write("STARTTLS\n");
            assertThat(c.reader().readLine()).isEqualTo("GO\n".getBytes(StandardCharsets.UTF_8));
            c.writer().startTls(pki.clientTls().withServerName("localhost"));
            assertThat(c.writer().extraInfo("protocol")).isEqualTo("TLSv1.3");
            c.writer().write("secret\n");
            assertThat(serverSaw.await()).isEqualTo("secret\n");
            assertThat(c.reader().readLine()).isEqualTo("secret back\n".getBytes(StandardCharsets.UTF_8));
            assertThat(c.reader().read(-1)).isEmpty(); // the server's close_notify
            c.close();
            c.writer().awaitClosed();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void plaintextInjectedBeforeTheServersUpgradeIsNeverDeliveredAfterIt() throws Exception {
        Future<Throwable> upgrade = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    r.readLine(); // STARTTLS; "INJECTED" came with it
                    try {
                        w.startTls(pki.serverTls());
                        upgrade.setResult(null);
                    } catch (IOException e) {
                        upgrade.setResult(e);
                    }
                },
                "127.0.0.1",
                0);
        try {
            Connection c = Streams.openConnection("127.0.0.1", server.port());
            c.writer().write("STARTTLS\nINJECTED\n");
            assertThat(upgrade.await())
                    .isInstanceOf(SSLProtocolException.class)
                    .hasMessageContaining("received before the TLS upgrade");
            assertThat(c.reader().read(-1)).isEmpty(); // aborted
            c.close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void plaintextSentAfterTheGoAheadFailsTheClientsUpgradeAndIsNeverRead() throws Exception {
        Server server = Streams.startServer(
                (r, w) -> {
                    r.readLine();
                    w.write("GO\n");
                    w.drain();
                    w.write("EVIL PLAINTEXT\n"); // someone in the middle, or a buggy server
                    w.drain();
                    r.read(-1);
                    w.close();
                },
                "127.0.0.1",
                0);
        try {
            Connection c = Streams.openConnection("127.0.0.1", server.port());
            c.writer().write("STARTTLS\n");
            assertThat(c.reader().readLine()).isEqualTo("GO\n".getBytes(StandardCharsets.UTF_8));
            // whether the plaintext is in the reader's buffer already or still in the socket: the upgrade fails
            assertThatThrownBy(() -> c.writer().startTls(pki.clientTls().withServerName("localhost")))
                    .isInstanceOf(SSLException.class);
            assertThatThrownBy(() -> c.reader().read(-1)).isInstanceOf(IOException.class);
            c.close();
        } finally {
            server.close();
        }
        server.awaitClosed();
    }
}
