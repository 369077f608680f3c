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
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import io.jasyncio.testing.TestCertificates.Credential;
import io.jasyncio.testing.TestCertificates.Usage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;

/**
 * jasyncio against OpenSSL, both ways: {@code openssl s_server -rev} (it answers each line reversed) for the client,
 * {@code openssl s_client} for the server; TLS 1.2 and 1.3, ALPN, SNI, mutual TLS, STARTTLS (SMTP), key updates and
 * refused renegotiation. Certificates come from {@link TestCertificates}, made at test time.
 */
@Timeout(60)
class OpensslInteropTest {
    static TestCertificates pki;
    static Credential serverCert;
    static Credential sniCert;
    static Credential clientCert;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
        serverCert = pki.server();
        sniCert = pki.issue("sni", Usage.SERVER, "sni.test");
        clientCert = pki.client();
    }

    private static Connection connect(int port, TlsOptions tls) throws IOException {
        return Streams.openConnection(
                "127.0.0.1", port, ConnectOptions.defaults().withTls(tls), StreamReader.DEFAULT_LIMIT);
    }

    private static String line(Connection c) throws IOException {
        return new String(c.reader().readLine(), StandardCharsets.UTF_8);
    }

    /** One line to {@code s_server -rev} and back reversed; returns the connection for more checks. */
    private static void reversedLine(Peer server, TlsOptions tls, String version) throws Exception {
        Connection c = connect(server.port, tls);
        c.writer().write("hello openssl\n");
        assertThat(line(c)).isEqualTo("lssnepo olleh\n");
        assertThat(c.writer().extraInfo("protocol")).isEqualTo(version);
        c.close();
        c.writer().awaitClosed();
        server.awaitExit();
    }

    @AsyncioTest(realClock = true)
    void clientSpeaksTls13ToOpensslServer() throws Exception {
        try (Peer s = Peer.reversingServer(pki, serverCert, "-tls1_3")) {
            reversedLine(s, pki.clientTls(), "TLSv1.3");
        }
    }

    @AsyncioTest(realClock = true)
    void clientSpeaksTls12ToOpensslServer() throws Exception {
        try (Peer s = Peer.reversingServer(pki, serverCert, "-tls1_2")) {
            reversedLine(s, pki.clientTls(), "TLSv1.2");
        }
    }

    @AsyncioTest(realClock = true)
    void clientNegotiatesAlpnWithOpensslServer() throws Exception {
        try (Peer s = Peer.reversingServer(pki, serverCert, "-alpn", "h2,http/1.1")) {
            Connection c = connect(s.port, pki.clientTls().withAlpnProtocols("http/1.1", "spdy/3"));
            assertThat(c.writer().extraInfo("alpn_protocol")).isEqualTo("http/1.1");
            c.close();
            c.writer().awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void clientSendsSniAndGetsTheCertificateForThatName() throws Exception {
        try (Peer s = Peer.reversingServer(
                pki,
                serverCert,
                "-servername",
                "sni.test",
                "-cert2",
                sniCert.certificate().toString(),
                "-key2",
                sniCert.key().toString(),
                "-servername_fatal")) {
            Connection c = connect(s.port, pki.clientTls().withServerName("sni.test"));
            @SuppressWarnings("unchecked")
            List<X509Certificate> chain = (List<X509Certificate>) c.writer().extraInfo("peercert");
            assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=sni");
            c.writer().write("sni\n");
            assertThat(line(c)).isEqualTo("ins\n");
            c.close();
            c.writer().awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void clientPresentsItsCertificateToAnOpensslServerThatRequiresOne() throws Exception {
        try (Peer s = Peer.reversingServer(
                pki,
                serverCert,
                "-Verify",
                "1",
                "-verify_return_error",
                "-CAfile",
                pki.ca().toString())) {
            TlsOptions mtls = pki.mutualClientTls();
            Connection c = connect(s.port, mtls);
            c.writer().write("mutual\n");
            assertThat(line(c)).isEqualTo("lautum\n");
            c.close();
            c.writer().awaitClosed();
            assertThat(s.awaitExit()).contains("CN = client");
        }
    }

    @AsyncioTest(realClock = true)
    void clientWithoutACertificateIsRefusedByAnOpensslServerThatRequiresOne() throws Exception {
        try (Peer s = Peer.reversingServer(
                pki,
                serverCert,
                "-Verify",
                "1",
                "-verify_return_error",
                "-CAfile",
                pki.ca().toString(),
                "-tls1_2")) {
            // TLS 1.2: the server's refusal comes inside the handshake
            assertThatThrownBy(() -> connect(s.port, pki.clientTls()))
                    .isInstanceOf(SSLException.class)
                    .hasMessageContaining("handshake_failure");
        }
    }

    // ------------------------------------------------------------------------------------------------
    // openssl s_client -> jasyncio server

    /** Echoes lines until "quit"; records what the client negotiated. */
    private static Server lineServer(TlsOptions tls, Future<String> info) throws IOException {
        return Streams.startServer(
                (r, w) -> {
                    info.trySetResult(w.extraInfo("protocol") + " " + w.extraInfo("alpn_protocol") + " "
                            + w.extraInfo("server_name"));
                    echoUntilQuit(r, w);
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(tls),
                StreamReader.DEFAULT_LIMIT);
    }

    private static void echoUntilQuit(StreamReader r, StreamWriter w) throws IOException {
        try {
            while (true) {
                byte[] line = r.readLine();
                if (line.length == 0
                        || new String(line, StandardCharsets.UTF_8).trim().equals("quit")) {
                    break;
                }
                w.write(line);
                w.drain();
            }
        } finally {
            w.close();
        }
    }

    private static String sClient(int port, String input, String... args) throws Exception {
        List<String> options = new java.util.ArrayList<>(List.of("-verify_return_error", "-quiet"));
        options.addAll(List.of(args));
        try (Peer c = Peer.sClient(pki, port, options.toArray(String[]::new))) {
            c.send(input);
            String out = c.awaitExit();
            assertThat(c.exitValue()).as(out).isZero();
            return out;
        }
    }

    private void opensslClientEchoes(String version, String flag) throws Exception {
        Future<String> info = Asyncio.loop().createFuture();
        Server server = lineServer(pki.serverTls().withAlpnProtocols("h2", "http/1.1"), info);
        try {
            String out = sClient(
                    server.port(), "hello jasyncio\nquit\n", flag, "-servername", "localhost", "-alpn", "http/1.1");
            assertThat(out).contains("hello jasyncio");
            assertThat(info.await()).isEqualTo(version + " http/1.1 localhost");
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void opensslClientSpeaksTls13ToTheServer() throws Exception {
        opensslClientEchoes("TLSv1.3", "-tls1_3");
    }

    @AsyncioTest(realClock = true)
    void opensslClientSpeaksTls12ToTheServer() throws Exception {
        opensslClientEchoes("TLSv1.2", "-tls1_2");
    }

    @AsyncioTest(realClock = true)
    void opensslClientWithACertificatePassesMutualTls() throws Exception {
        Future<String> info = Asyncio.loop().createFuture();
        Server server = lineServer(pki.mutualServerTls(), info);
        try {
            String out = sClient(
                    server.port(),
                    "with cert\nquit\n",
                    "-cert",
                    clientCert.certificate().toString(),
                    "-key",
                    clientCert.key().toString());
            assertThat(out).contains("with cert");
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void tls13KeyUpdatesFromOpensslKeepTheConnectionGoing() throws Exception {
        Future<String> info = Asyncio.loop().createFuture();
        Server server = lineServer(pki.serverTls(), info);
        try {
            // "K" alone on a line: s_client sends a KeyUpdate that asks us to update our keys too
            try (Peer c = Peer.sClient(pki, server.port(), "-tls1_3")) {
                c.send("before\n");
                c.lineContaining("before");
                c.send("K\n");
                c.lineContaining("KEYUPDATE");
                c.send("after\n");
                c.lineContaining("after");
                c.send("quit\n");
                c.awaitExit();
            }
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void tls12RenegotiationIsRefused() throws Exception {
        Future<Throwable> failure = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    try {
                        while (r.readLine().length > 0) {
                            // read until the renegotiation ends the connection
                        }
                        failure.trySetResult(null);
                    } catch (IOException e) {
                        failure.trySetResult(e);
                    } finally {
                        w.close();
                    }
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            // "R" alone on a line: s_client starts a renegotiation
            try (Peer c = Peer.sClient(pki, server.port(), "-tls1_2")) {
                c.send("R\n");
                c.lineContaining("RENEGOTIATING");
                assertThat(failure.await()).isInstanceOf(SSLException.class).hasMessageContaining("renegotiation");
            }
        } finally {
            server.close();
        }
        server.awaitClosed();
    }

    @AsyncioTest(realClock = true)
    void opensslSmtpStarttlsUpgradesTheServersStreams() throws Exception {
        Future<String> seen = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    w.write("220 jasyncio ESMTP\r\n");
                    r.readLine(); // EHLO
                    w.write("250-jasyncio\r\n250 STARTTLS\r\n");
                    String cmd = new String(r.readLine(), StandardCharsets.US_ASCII).trim();
                    w.write("220 go ahead\r\n");
                    w.drain();
                    w.startTls(pki.serverTls());
                    seen.trySetResult(cmd + " " + w.extraInfo("protocol"));
                    echoUntilQuit(r, w);
                },
                "127.0.0.1",
                0);
        try {
            String out = sClient(server.port(), "over starttls\nquit\n", "-starttls", "smtp");
            assertThat(out).contains("over starttls");
            assertThat(seen.await()).isEqualTo("STARTTLS TLSv1.3");
        } finally {
            server.close();
        }
        server.awaitClosed();
    }
}
