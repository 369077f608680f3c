package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsContexts;
import io.jasyncio.net.TlsOptions;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code https://} proxy: tinyproxy behind a TLS front (a relay on jasyncio's own TLS server transport, with a
 * certificate from the tests' CA), an aiohttp origin behind it. {@code http} URLs go through it in absolute form over
 * TLS; an {@code https} URL through it is refused; the proxy's trust is its own, not the origin's.
 */
class HttpsProxyTest {
    private static PeerProcess origin;
    private static PeerProcess tinyproxy;
    private static SSLContext proxyCertificate;
    private static SSLContext trustingTheTestCa;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        TestCertificates pki = TestCertificates.shared();
        proxyCertificate = pki.serverContext(); // for localhost and 127.0.0.1
        trustingTheTestCa = TlsContexts.trusting(pki.ca());
        origin = PeerProcess.aiohttp(75);
        tinyproxy = PeerProcess.tinyproxy(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        tinyproxy.close();
        origin.close();
    }

    /** A TLS-terminating front for tinyproxy: each TLS connection is relayed, bytes as they are, to one TCP one. */
    private static final class TlsFront implements AutoCloseable {
        final Server server;
        int connections;
        /** One per relayed connection, completed when its handler has ended. */
        private final List<io.jasyncio.Future<Boolean>> handlers = new java.util.ArrayList<>();

        TlsFront() throws IOException {
            server = Streams.startServer(
                    this::relay,
                    "127.0.0.1",
                    0,
                    ServerOptions.defaults().withTls(TlsOptions.server(proxyCertificate)),
                    StreamReader.DEFAULT_LIMIT);
        }

        String url() {
            return "https://localhost:" + server.port();
        }

        private void relay(StreamReader in, StreamWriter out) throws Exception {
            connections++;
            io.jasyncio.Future<Boolean> ended = Asyncio.loop().createFuture();
            handlers.add(ended);
            try {
                relayTo(in, out);
            } finally {
                ended.setResult(true);
            }
        }

        private void relayTo(StreamReader in, StreamWriter out) throws Exception {
            Connection up = Streams.openConnection("127.0.0.1", tinyproxy.port);
            Task<?> toProxy = Asyncio.createTask(() -> pump(in, up.writer()));
            Task<?> toClient = Asyncio.createTask(() -> pump(up.reader(), out));
            try {
                Asyncio.wait(List.of(toProxy, toClient), ReturnWhen.FIRST_COMPLETED, null);
            } finally {
                toProxy.cancel();
                toClient.cancel();
                Asyncio.gatherSettled(toProxy, toClient);
                up.close();
                out.close();
            }
        }

        /** Copies until end of input or a failure of either side (the other pump is then cancelled). */
        private static void pump(StreamReader from, StreamWriter to) {
            try {
                for (byte[] b = from.read(64 * 1024); b.length > 0; b = from.read(64 * 1024)) {
                    to.write(b);
                    to.drain();
                }
            } catch (IOException e) {
                // a side went away: the relay closes both
            }
        }

        @Override
        public void close() {
            server.close();
            server.closeClients();
            server.awaitClosed();
            Asyncio.gatherSettled(handlers); // the handlers' own clean-up runs after their connections closed
        }
    }

    @AsyncioTest(realClock = true)
    void httpRequestsGoThroughAnHttpsProxyVerifiedWithItsOwnTrust() throws Exception {
        try (var front = new TlsFront();
                var session = ClientSession.builder()
                        .proxy(
                                front.url(),
                                BasicAuth.of("proxyuser", "proxypass"),
                                TlsOptions.client(trustingTheTestCa))
                        .build()) {
            for (int i = 0; i < 2; i++) {
                try (ClientResponse r = session.get(origin.url("/echo?via=tls-proxy"))) {
                    assertThat(r.status()).isEqualTo(200);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> echo = Objects.requireNonNull(r.json(Map.class));
                    assertThat(echo).containsEntry("raw_query", "via=tls-proxy");
                    assertThat(String.valueOf(echo.get("headers"))).contains("tinyproxy"); // its Via header
                }
            }
            // tinyproxy closes its client connection after each answer, so each request made its own TLS connection
            assertThat(front.connections).as("TLS connections to the proxy").isEqualTo(2);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void aProxyCertificateNotTrustedByTheProxysOptionsFailsNamingTheProxy() throws Exception {
        try (var front = new TlsFront();
                var session = ClientSession.builder()
                        // the origins' options trust the test CA; the proxy's (the JDK's CAs, by default) do not
                        .connector(Connector.builder()
                                .tls(TlsOptions.client(trustingTheTestCa))
                                .build())
                        .proxy(front.url(), BasicAuth.of("proxyuser", "proxypass"))
                        .build()) {
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> session.get(origin.url("/hello")))
                        .isInstanceOf(ClientTlsException.class)
                        .hasMessageContaining("proxy localhost:" + front.server.port())
                        .satisfies(e ->
                                assertThat(((ClientException) e).url()).isEqualTo(URI.create(origin.url("/hello"))));
                assertPoolConsistent(session);
            }
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest(realClock = true)
    void anHttpsUrlThroughAnHttpsProxyIsRefusedBeforeAnythingIsSent() throws Exception {
        try (var front = new TlsFront();
                var session = ClientSession.builder()
                        .proxy(front.url(), null, TlsOptions.client(trustingTheTestCa))
                        .build()) {
            assertThatThrownBy(() -> session.get("https://localhost:" + origin.port + "/hello"))
                    .isExactlyInstanceOf(ClientException.class)
                    .hasMessageContaining("TLS inside TLS")
                    .hasMessageContaining("localhost:" + front.server.port());
            assertThat(front.connections).isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void anHttpsProxyUrlIsAcceptedFromTheEnvironmentAndBadOnesAreRefused() {
        ProxyConfig fromEnv =
                Objects.requireNonNull(ProxyConfig.fromEnvironment(Map.of("HTTP_PROXY", "https://proxy.test:3129")));
        assertThat(fromEnv.isTls()).isTrue();
        assertThat(fromEnv.hostPort()).isEqualTo("proxy.test:3129");
        assertThatThrownBy(() -> ClientSession.builder().proxy("ftp://proxy.test:21", null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http://host:port or https://host:port");
        assertThatThrownBy(() -> ClientSession.builder()
                        .proxy("http://proxy.test:3128", null, TlsOptions.client(trustingTheTestCa)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https:// proxy URL");
    }
}
