package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Future;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsContexts;
import io.jasyncio.testing.TestCertificates.Credential;
import io.jasyncio.testing.TestCertificates.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link TestCertificates} with the real openssl: what each certificate says, and a mutual-TLS handshake. */
class TestCertificatesTest {
    @TempDir
    static Path dir;

    static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.create(dir, "TestCertificatesTest CA");
    }

    private static X509Certificate read(Path pem) throws Exception {
        return TlsContexts.certificates(pem).get(0);
    }

    /** The subject alternative names as {@code [type, value]} pairs (2: DNS name, 7: IP address). */
    private static List<List<Object>> altNames(X509Certificate cert) throws Exception {
        return cert.getSubjectAlternativeNames().stream()
                .map(n -> List.<Object>copyOf(n))
                .toList();
    }

    @Test
    void theServerCertificateIsIssuedByTheCaForLocalhost() throws Exception {
        X509Certificate ca = read(pki.ca());
        Credential server = pki.server();
        X509Certificate cert = read(server.certificate());

        cert.verify(ca.getPublicKey()); // throws unless the CA signed it
        cert.checkValidity();
        assertThat(server.certificate()).isEqualTo(dir.resolve("server.pem"));
        assertThat(server.key()).isEqualTo(dir.resolve("server.key"));
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=server");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
        assertThat(altNames(cert)).containsExactly(List.of(2, "localhost"), List.of(7, "127.0.0.1"));
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1"); // serverAuth
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(ca.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(TlsContexts.privateKey(server.key()).getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void theClientCertificateIsForClientAuthentication() throws Exception {
        X509Certificate cert = read(pki.client().certificate());

        cert.verify(read(pki.ca()).getPublicKey());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=client.test");
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2"); // clientAuth
    }

    @Test
    void givenDatesMakeAnExpiredCertificate() throws Exception {
        Instant start = Instant.parse("2020-01-01T00:00:00Z");
        Instant end = Instant.parse("2020-01-02T00:00:00Z");
        X509Certificate cert =
                read(pki.issue("expired", Usage.SERVER, start, end, "localhost").certificate());

        assertThat(cert.getNotBefore().toInstant()).isEqualTo(start);
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(end);
        assertThatThrownBy(cert::checkValidity).isInstanceOf(CertificateExpiredException.class);
    }

    @Test
    void aSelfSignedCertificateIsItsOwnIssuer() throws Exception {
        X509Certificate cert = read(pki.selfSigned("alone", "localhost").certificate());

        cert.verify(cert.getPublicKey());
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(altNames(cert)).containsExactly(List.of(2, "localhost"));
    }

    @Test
    void aNameIsMadeOnceAndCannotBeReusedForAnotherCertificate() throws Exception {
        Credential first = pki.issue("once", Usage.SERVER, "once.test");
        byte[] pem = Files.readAllBytes(first.certificate());

        assertThat(pki.issue("once", Usage.SERVER, "once.test")).isEqualTo(first);
        assertThat(Files.readAllBytes(first.certificate())).isEqualTo(pem); // not made again
        assertThatThrownBy(() -> pki.issue("once", Usage.CLIENT, "once.test"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already made");
        assertThatThrownBy(() -> pki.selfSigned("../escape"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a certificate name");
        assertThatThrownBy(() -> pki.selfSigned("ca")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSharedCaIsOnePerJvm() {
        assertThat(TestCertificates.shared()).isSameAs(TestCertificates.shared());
        assertThat(TestCertificates.shared().ca()).exists();
    }

    @AsyncioTest(realClock = true)
    void mutualTlsOptionsShakeHandsAndShowEachSideTheOthersCertificate() throws Exception {
        Future<Object> seenByServer = io.jasyncio.Asyncio.loop().createFuture();
        try (var server = Streams.startServer(
                (r, w) -> {
                    seenByServer.trySetResult(String.valueOf(w.extraInfo("peercert")));
                    w.write(r.readLine());
                    w.close();
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.mutualServerTls()),
                StreamReader.DEFAULT_LIMIT)) {
            var c = Streams.openConnection(
                    "127.0.0.1",
                    server.port(),
                    ConnectOptions.defaults().withTls(pki.mutualClientTls()),
                    StreamReader.DEFAULT_LIMIT);
            c.writer().write("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(c.reader().readLine()).isEqualTo("hello\n".getBytes(StandardCharsets.UTF_8));
            assertThat(String.valueOf(c.writer().extraInfo("peercert"))).contains("CN=server");
            assertThat(String.valueOf(seenByServer.await())).contains("CN=client.test");
            c.close();
            c.writer().awaitClosed();
        }
    }
}
