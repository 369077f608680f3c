package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** {@code http} requests through a real HTTP proxy (tinyproxy), with proxy authentication. */
class ProxyInteropTest {
    private static PeerProcess origin;
    private static PeerProcess proxy;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        origin = PeerProcess.aiohttp(75);
        proxy = PeerProcess.tinyproxy(dir);
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        origin.close();
    }

    @AsyncioTest(realClock = true)
    void requestsGoThroughTheProxyWithItsCredentials() throws Exception {
        try (var session = ClientSession.builder()
                .proxy(proxy.url(""), BasicAuth.of("proxyuser", "proxypass"))
                .build()) {
            for (int i = 0; i < 2; i++) {
                try (ClientResponse r = session.get(origin.url("/echo?via=proxy"))) {
                    assertThat(r.status()).isEqualTo(200);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> echo = java.util.Objects.requireNonNull(r.json(Map.class));
                    assertThat(echo).containsEntry("raw_query", "via=proxy");
                    assertThat(String.valueOf(echo.get("headers"))).contains("tinyproxy"); // its Via header
                }
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void wrongProxyCredentialsAreRefusedByTheProxy() throws Exception {
        try (var session = ClientSession.builder()
                .proxy(proxy.url(""), BasicAuth.of("proxyuser", "wrong"))
                .build()) {
            try (ClientResponse r = session.get(origin.url("/hello"))) {
                assertThat(r.status()).isIn(401, 407); // tinyproxy 1.11 answers 401
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void trustEnvReadsNoProxy() throws Exception {
        var maybe = ProxyConfig.fromEnvironment(
                Map.of("HTTP_PROXY", proxy.url(""), "NO_PROXY", "localhost,.internal.example"));
        assertThat(maybe).isNotNull();
        ProxyConfig config = java.util.Objects.requireNonNull(maybe);
        assertThat(config.appliesTo(java.net.URI.create("http://localhost/x"))).isFalse();
        assertThat(config.appliesTo(java.net.URI.create("http://a.internal.example/x")))
                .isFalse();
        assertThat(config.appliesTo(java.net.URI.create("http://127.0.0.1/x"))).isTrue();
        assertThat(ProxyConfig.fromEnvironment(Map.of())).isNull();
    }
}
