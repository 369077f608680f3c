package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLException;

/** {@code https} against servers that do not speak TLS properly: each is a specific exception, the pool stays sound. */
class HttpsFaultsTest {

    private static String https(RawServer server, String path) {
        return "https://127.0.0.1:" + server.port() + path;
    }

    @AsyncioTest
    void aServerThatNeverAnswersTheHandshakeIsAConnectTimeout() throws Exception {
        try (var server = RawServer.raw((in, out) -> Asyncio.sleep(Duration.ofHours(1)));
                var session = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withConnect(Duration.ofSeconds(2)))
                        .build()) {
            String u = https(server, "/");
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOfSatisfying(
                            ClientTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.CONNECT))
                    .hasMessageContaining(u);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void aPlainHttpServerOnAnHttpsUrlIsATlsError() throws Exception {
        try (var server = RawServer.raw((in, out) -> {
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                });
                var session = ClientSession.create()) {
            String u = https(server, "/");
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u)
                    .cause()
                    .isInstanceOf(SSLException.class);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void aServerThatClosesDuringTheHandshakeIsATlsError() throws Exception {
        try (var server = RawServer.raw((in, out) -> {});
                var session = ClientSession.builder()
                        .connector(Connector.builder()
                                .insecureSkipTlsVerification()
                                .build())
                        .build()) {
            String u = https(server, "/");
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void tlsFailuresAreNotRetried() throws Exception {
        try (var server = RawServer.raw((in, out) -> {});
                var session = ClientSession.builder()
                        .retry(RetryPolicy.of(3, Duration.ofMillis(100), Duration.ofSeconds(1)))
                        .build()) {
            assertThatThrownBy(() -> session.get(https(server, "/"))).isInstanceOf(ClientTlsException.class);
            assertThat(server.connections()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    /** A proxy that reads the CONNECT head and answers {@code answer}, then waits. */
    private static RawServer proxy(String answer) throws java.io.IOException {
        return RawServer.raw((in, out) -> {
            while (in.readLine().length > 2) {
                // the CONNECT line and its headers
            }
            out.write(answer.getBytes(StandardCharsets.US_ASCII));
            out.drain();
            Asyncio.sleep(Duration.ofHours(1));
        });
    }

    @AsyncioTest
    void bytesAProxySendsBeforeTheTlsHandshakeAreRefused() throws Exception {
        // CVE-2023-40217's shape through a tunnel: plaintext after the 200 must never pass for TLS-protected data.
        try (var proxy = proxy("HTTP/1.1 200 Connection established\r\n\r\nHTTP/1.1 200 OK\r\n\r\nforged");
                var session = ClientSession.builder()
                        .connector(Connector.builder()
                                .insecureSkipTlsVerification()
                                .build())
                        .proxy(proxy.url(""), null)
                        .build()) {
            String u = "https://origin.test:443/";
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientTlsException.class)
                    .hasMessageContaining(u)
                    .cause()
                    .isInstanceOf(javax.net.ssl.SSLProtocolException.class);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void aProxyAnsweringConnectWithGarbageIsAConnectionError() throws Exception {
        try (var proxy = proxy("SSH-2.0-OpenSSH\r\n\r\n");
                var session = ClientSession.builder().proxy(proxy.url(""), null).build()) {
            String u = "https://origin.test/";
            assertThatThrownBy(() -> session.get(u))
                    .isInstanceOf(ClientConnectionException.class)
                    .hasMessageContaining(u)
                    .hasMessageContaining("invalid status line");
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void aProxyThatClosesDuringConnectIsAConnectionError() throws Exception {
        try (var proxy = RawServer.raw((in, out) -> {});
                var session = ClientSession.builder().proxy(proxy.url(""), null).build()) {
            assertThatThrownBy(() -> session.get("https://origin.test/"))
                    .isInstanceOf(ClientConnectionException.class)
                    .hasMessageContaining("closed the connection during CONNECT");
            assertPoolConsistent(session);
        }
    }
}
