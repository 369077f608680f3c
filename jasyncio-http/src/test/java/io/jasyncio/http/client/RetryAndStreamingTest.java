package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static io.jasyncio.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Opt-in retries with backoff and {@code Retry-After}; a 2 GiB body streamed through a small buffer. */
class RetryAndStreamingTest {

    @AsyncioTest
    void retriesFollowRetryAfterThenSucceed() throws Exception {
        List<Long> at = new ArrayList<>();
        long start = Asyncio.loop().time();
        try (var server = RawServer.start((req, out, c, n) -> {
                    at.add((Asyncio.loop().time() - start) / 1_000_000_000L);
                    String resp = server2xxAfter(at.size());
                    out.write(resp.getBytes(StandardCharsets.US_ASCII));
                    return true;
                });
                var session = ClientSession.builder()
                        .retry(RetryPolicy.of(4, Duration.ofMillis(100), Duration.ofSeconds(30)))
                        .build()) {
            try (ClientResponse r = session.get(server.url("/flaky"))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.text()).isEqualTo("finally");
            }
            assertThat(at).hasSize(3);
            assertThat(at.get(1) - at.get(0)).isEqualTo(2); // Retry-After: 2
            assertPoolConsistent(session);
        }
    }

    private static String server2xxAfter(int n) {
        if (n == 1) {
            return "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 2\r\nContent-Length: 0\r\n\r\n";
        }
        if (n == 2) {
            return "HTTP/1.1 429 Too Many Requests\r\nContent-Length: 0\r\n\r\n";
        }
        return ok("finally");
    }

    @AsyncioTest
    void postIsNotRetriedAndRetriesStopAtTheLimit() throws Exception {
        try (var server = RawServer.fixed("HTTP/1.1 503 Busy\r\nContent-Length: 0\r\n\r\n");
                var session = ClientSession.builder()
                        .retry(RetryPolicy.of(3, Duration.ofMillis(10), Duration.ofSeconds(1)))
                        .build()) {
            try (ClientResponse r = session.post(server.url("/"), RequestBody.of("x"))) {
                assertThat(r.status()).isEqualTo(503);
            }
            assertThat(server.requests).hasSize(1);
            try (ClientResponse r = session.get(server.url("/"))) {
                assertThat(r.status()).isEqualTo(503);
            }
            assertThat(server.requests).hasSize(4);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void connectionFailuresAreRetriedWithBackoff() throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int[] retries = {0};
        try (var session = ClientSession.builder()
                .retry(RetryPolicy.of(3, Duration.ofMillis(50), Duration.ofSeconds(1)))
                .trace(new TraceHooks() {
                    @Override
                    public void retry(String method, java.net.URI url, int attempt, Duration delay, Exception c) {
                        retries[0]++;
                    }
                })
                .build()) {
            assertThatThrownBy(() -> session.get("http://127.0.0.1:" + port + "/"))
                    .isInstanceOf(ClientConnectionException.class);
            assertThat(retries[0]).isEqualTo(2);
        }
    }

    @AsyncioTest(realClock = true)
    void twoGibibyteBodyStreamsThroughASmallBuffer() throws Exception {
        long size = 2L * 1024 * 1024 * 1024;
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    ByteBuffer block = ByteBuffer.allocateDirect(256 * 1024);
                    for (long sent = 0; sent < size; sent += block.capacity()) {
                        block.clear();
                        out.write(block);
                        out.drain();
                    }
                    return true;
                });
                var session = ClientSession.create()) {
            long heapBefore = usedHeap();
            long total = 0;
            long maxHeapGrowth = 0;
            byte[] buf = new byte[16 * 1024];
            try (ClientResponse r = session.get(server.url("/huge"))) {
                BodyReader body = r.content();
                for (int k = body.read(buf, 0, buf.length); k >= 0; k = body.read(buf, 0, buf.length)) {
                    total += k;
                    if ((total & ((64 << 20) - 1)) < k) {
                        maxHeapGrowth = Math.max(maxHeapGrowth, usedHeap() - heapBefore);
                    }
                }
            }
            assertThat(total).isEqualTo(size);
            assertThat(maxHeapGrowth).as("heap growth while streaming").isLessThan(256L << 20);
            assertPoolConsistent(session);
        }
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
