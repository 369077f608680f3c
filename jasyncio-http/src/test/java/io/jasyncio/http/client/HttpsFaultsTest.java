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
}
