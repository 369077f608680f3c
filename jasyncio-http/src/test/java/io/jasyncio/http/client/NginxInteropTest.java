package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The client against nginx: keep-alive, gzip (chunked on the fly), static files, {@code keepalive_timeout 1s}. */
class NginxInteropTest {
    private static PeerProcess nginx;
    private static String big;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path www = Files.createDirectories(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello from nginx\n");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("row ").append(i).append('\n');
        }
        big = sb.toString();
        Files.writeString(www.resolve("big.txt"), big);
        int port = PeerProcess.freePort();
        nginx = PeerProcess.nginx(dir, port, """
                    keepalive_timeout 1s;
                    keepalive_requests 1000;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;
                        gzip on;
                        gzip_types text/plain;
                        gzip_min_length 1;
                        location = /method { return 200 "$request_method $request_uri\\n"; }
                    }
                """.formatted(dir, port));
    }

    @AfterAll
    static void stop() throws Exception {
        nginx.close();
    }

    @AsyncioTest(realClock = true)
    void keepAliveGzipAndChunkedBodies() throws Exception {
        try (var session = ClientSession.create()) {
            for (int i = 0; i < 3; i++) {
                try (ClientResponse r = session.get(nginx.url("/big.txt"))) {
                    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
                    assertThat(r.headers().firstValue("Transfer-Encoding")).contains("chunked");
                    assertThat(r.text()).isEqualTo(big);
                }
            }
            try (ClientResponse r =
                    session.request(ClientRequest.get(nginx.url("/hello.txt")).header("Accept-Encoding", "identity"))) {
                assertThat(r.contentLength()).isEqualTo(17);
                assertThat(r.text()).isEqualTo("hello from nginx\n");
            }
            try (ClientResponse r = session.request(ClientRequest.of("DELETE", nginx.url("/method?x=1")))) {
                assertThat(r.text()).isEqualTo("DELETE /method?x=1\n");
            }
            assertThat(session.connector().stats().open()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void concurrentRequestsWithLimitPerHost() throws Exception {
        try (var session = ClientSession.builder()
                .connector(Connector.builder().limitPerHost(4).build())
                .build()) {
            List<Task<Integer>> tasks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try (ClientResponse r = session.get(nginx.url("/big.txt"))) {
                        return r.read().length;
                    }
                }));
            }
            assertThat(Asyncio.gather(tasks)).containsOnly(big.getBytes(StandardCharsets.US_ASCII).length);
            assertThat(session.connector().stats().open()).isLessThanOrEqualTo(4);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void staleConnectionsAfterTheOneSecondKeepAliveNeverFailARequest() throws Exception {
        int[] created = {0};
        TraceHooks count = new TraceHooks() {
            @Override
            public void connectionCreated(java.net.URI url, Duration elapsed) {
                created[0]++;
            }
        };
        try (var session = ClientSession.builder().trace(count).build()) {
            for (int i = 0; i < 8; i++) {
                try (ClientResponse r = session.get(nginx.url("/hello.txt"))) {
                    assertThat(r.text()).isEqualTo("hello from nginx\n");
                }
                Asyncio.sleep(Duration.ofMillis(850 + 50 * i)); // around nginx's keepalive_timeout 1s
            }
            assertThat(created[0]).isGreaterThan(1);
            assertPoolConsistent(session);
        }
    }
}
