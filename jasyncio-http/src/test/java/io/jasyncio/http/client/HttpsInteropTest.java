package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.net.TlsOptions;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import io.jasyncio.testing.TestCertificates.Credential;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code https} against nginx with a certificate for {@code localhost} only ({@link TestCertificates}): verification
 * against a given CA, the JDK's default trust, a wrong host, the insecure option, and {@code CONNECT} tunnels through
 * tinyproxy.
 */
class HttpsInteropTest {
    private static PeerProcess nginx;
    private static PeerProcess proxy;
    private static SSLContext trustingTheCert;
    private static int shortKeepAlivePort;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        // A certificate for localhost only (no IP address), from a CA the JDK does not trust.
        TestCertificates pki = TestCertificates.shared();
        Credential localhostOnly = pki.issue("localhost", TestCertificates.Usage.SERVER, "localhost");
        Path cert = localhostOnly.certificate();
        Path key = localhostOnly.key();
        trustingTheCert = pki.clientContext();
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello over tls\n");
        int port = PeerProcess.freePort();
        shortKeepAlivePort = PeerProcess.freePort();
        nginx = PeerProcess.nginx(dir, port, """
                    keepalive_timeout 30s;
                    server {
                        listen 127.0.0.1:%2$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        root %1$s/www;
                        location = /sni { return 200 "$ssl_server_name $request_uri\\n"; }
                    }
                    server {
                        listen 127.0.0.1:%5$d ssl;
                        ssl_certificate %3$s;
                        ssl_certificate_key %4$s;
                        keepalive_timeout 1s;
                        root %1$s/www;
                    }
                """.formatted(dir, port, cert, key, shortKeepAlivePort));
        proxy = PeerProcess.tinyproxy(dir); // CONNECT to any port: nginx's is random
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        nginx.close();
    }

    private static String url(String host, String path) {
        return "https://" + host + ":" + nginx.port + path;
    }

    private static ClientSession trustingSession() {
        return ClientSession.builder()
                .connector(Connector.builder()
                        .tls(TlsOptions.client(trustingTheCert))
                        .build())
                .build();
    }

    @AsyncioTest(realClock = true)
    void httpsWithATrustedCertificateSendsSniAndKeepsTheConnectionAlive() throws Exception {
        try (var session = trustingSession()) {
            for (int i = 0; i < 3; i++) {
                try (ClientResponse r = session.get(url("localhost", "/sni?i=" + i))) {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.text()).isEqualTo("localhost /sni?i=" + i + "\n"); // the URL's host, as SNI
                }
            }
            try (ClientResponse r = session.get(url("localhost", "/hello.txt"))) {
                assertThat(r.text()).isEqualTo("hello over tls\n");
            }
            assertThat(session.connector().stats().open()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void aCertificateTheJdkDoesNotTrustFailsTheHandshake() throws Exception {
        try (var session = ClientSession.create()) { // the JDK's default CAs
            String u = url("localhost", "/hello.txt");
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u)
                    .cause()
                    .isInstanceOf(SSLHandshakeException.class);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest(realClock = true)
    void aCertificateForAnotherHostFailsAndThePoolStaysUsable() throws Exception {
        try (var session = trustingSession()) {
            String u = url("127.0.0.1", "/hello.txt"); // the certificate names localhost only
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u)
                    .cause()
                    .isInstanceOf(SSLHandshakeException.class);
            assertPoolConsistent(session);
            try (ClientResponse r = session.get(url("localhost", "/hello.txt"))) {
                assertThat(r.text()).isEqualTo("hello over tls\n");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void theInsecureOptionAcceptsAnyCertificate() throws Exception {
        try (var session = ClientSession.builder()
                .connector(Connector.builder().insecureSkipTlsVerification().build())
                .build()) {
            try (ClientResponse r = session.get(url("127.0.0.1", "/hello.txt"))) {
                assertThat(r.text()).isEqualTo("hello over tls\n");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void httpsGoesThroughAConnectTunnelWithTlsEndToEnd() throws Exception {
        try (var session = ClientSession.builder()
                .connector(Connector.builder()
                        .tls(TlsOptions.client(trustingTheCert))
                        .build())
                .proxy(proxy.url(""), BasicAuth.of("proxyuser", "proxypass"))
                .build()) {
            for (int i = 0; i < 2; i++) {
                try (ClientResponse r = session.get(url("localhost", "/sni?via=tunnel"))) {
                    assertThat(r.text()).isEqualTo("localhost /sni?via=tunnel\n");
                }
            }
            assertThat(session.connector().stats().open()).isEqualTo(1); // the tunnel was reused
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void aProxyThatRefusesTheTunnelIsAConnectionError() throws Exception {
        try (var session = ClientSession.builder()
                .connector(Connector.builder()
                        .tls(TlsOptions.client(trustingTheCert))
                        .build())
                .proxy(proxy.url(""), BasicAuth.of("proxyuser", "wrong"))
                .build()) {
            String u = url("localhost", "/hello.txt");
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientConnectionException.class)
                    .isNotInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u)
                    .hasMessageContaining("refused to tunnel");
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest(realClock = true)
    void perRequestTlsOptionsGetConnectionsOfTheirOwn() throws Exception {
        try (var session = ClientSession.create()) { // the connector trusts only the JDK's CAs
            String u = url("localhost", "/hello.txt");
            try (ClientResponse r = session.request(ClientRequest.get(u).tls(TlsOptions.client(trustingTheCert)))) {
                assertThat(r.text()).isEqualTo("hello over tls\n");
            }
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            // The pool is keyed by the TLS options: the connection verified with the request's options is not
            // lent to a request with the connector's, which must verify (and fail) on its own.
            assertThatThrownBy(() -> session.get(u)).isInstanceOf(ClientTlsException.class);
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void trustEnvReadsHttpsProxyForHttpsUrls() {
        var env = java.util.Map.of("HTTP_PROXY", "http://plain.example:3128", "HTTPS_PROXY", "http://tls.example:3129");
        assertThat(ProxyConfig.fromEnvironment(env, "https"))
                .extracting(c -> c == null ? null : c.url().getHost())
                .isEqualTo("tls.example");
        assertThat(ProxyConfig.fromEnvironment(env, "http"))
                .extracting(c -> c == null ? null : c.url().getHost())
                .isEqualTo("plain.example");
        assertThat(ProxyConfig.fromEnvironment(java.util.Map.of("HTTP_PROXY", "http://p:1"), "https"))
                .isNull();
    }

    @AsyncioTest(realClock = true)
    void staleTlsConnectionsAfterTheOneSecondKeepAliveNeverFailARequest() throws Exception {
        int[] created = {0};
        TraceHooks count = new TraceHooks() {
            @Override
            public void connectionCreated(java.net.URI url, java.time.Duration elapsed) {
                created[0]++;
            }
        };
        try (var session = ClientSession.builder()
                .connector(Connector.builder()
                        .tls(TlsOptions.client(trustingTheCert))
                        .build())
                .trace(count)
                .build()) {
            for (int i = 0; i < 6; i++) {
                try (ClientResponse r = session.get("https://localhost:" + shortKeepAlivePort + "/hello.txt")) {
                    assertThat(r.text()).isEqualTo("hello over tls\n");
                }
                io.jasyncio.Asyncio.sleep(java.time.Duration.ofMillis(850 + 60 * i)); // around keepalive_timeout 1s
            }
            assertThat(created[0]).isGreaterThan(1);
            assertPoolConsistent(session);
        }
    }
}
