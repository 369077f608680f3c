package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static io.jasyncio.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Bad input and faults: each gives a specific {@link ClientException} naming the URL and leaves the pool consistent. */
class ClientFaultsTest {

    @AsyncioTest(realClock = true)
    void unresolvableHost() throws Exception {
        try (var session = ClientSession.builder().timeout(ClientTimeout.NONE).build()) {
            assertThatThrownBy(() -> session.get("http://no-such-host.invalid/x"))
                    .isInstanceOf(ClientConnectionException.class)
                    .hasMessageContaining("http://no-such-host.invalid/x");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        try (var session = ClientSession.create()) {
            String url = "http://127.0.0.1:" + port + "/";
            assertThatThrownBy(() -> session.get(url))
                    .isInstanceOf(ClientConnectionException.class)
                    .hasMessageContaining(url)
                    .hasRootCauseInstanceOf(java.net.ConnectException.class);
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void socketConnectTimeout() throws Exception {
        // A listener whose accept queue is full drops further SYNs: the connect hangs until its limit.
        try (var listener = java.nio.channels.ServerSocketChannel.open()) {
            listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
            int port = ((java.net.InetSocketAddress) listener.getLocalAddress()).getPort();
            List<java.nio.channels.SocketChannel> filler = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) {
                    var ch = java.nio.channels.SocketChannel.open();
                    ch.configureBlocking(false);
                    ch.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                    filler.add(ch);
                }
                Asyncio.sleep(Duration.ofMillis(100));
                try (var session = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withSockConnect(Duration.ofSeconds(3)))
                        .build()) {
                    String url = "http://127.0.0.1:" + port + "/";
                    assertThatThrownBy(() -> session.get(url))
                            .isInstanceOfSatisfying(
                                    ClientTimeoutException.class,
                                    e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.SOCK_CONNECT))
                            .hasMessageContaining(url);
                    assertPoolConsistent(session);
                    assertThat(session.connector().stats().open()).isZero();
                }
            } finally {
                for (var ch : filler) {
                    ch.close();
                }
            }
        }
    }

    @AsyncioTest
    void socketReadTimeout() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    Asyncio.sleep(Duration.ofHours(1));
                    return false;
                });
                var session = ClientSession.builder()
                        .timeout(ClientTimeout.DEFAULT.withSockRead(Duration.ofSeconds(2)))
                        .build()) {
            assertThatThrownBy(() -> session.get(server.url("/slow")))
                    .isInstanceOfSatisfying(
                            ClientTimeoutException.class,
                            e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.SOCK_READ))
                    .hasMessageContaining(server.url("/slow"));
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void totalTimeoutCoversTheBody() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write(
                            "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nfirst".getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                    Asyncio.sleep(Duration.ofHours(1));
                    return false;
                });
                var session = ClientSession.builder()
                        .timeout(ClientTimeout.NONE.withTotal(Duration.ofSeconds(5)))
                        .build()) {
            try (ClientResponse r = session.get(server.url("/drip"))) {
                assertThatThrownBy(r::read)
                        .isInstanceOfSatisfying(
                                ClientTimeoutException.class,
                                e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.TOTAL));
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void connectTimeoutCoversTheWaitForASlot() throws Exception {
        try (var server = RawServer.fixed(ok("x".repeat(10)));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(1).build())
                        .timeout(ClientTimeout.NONE.withConnect(Duration.ofSeconds(1)))
                        .build()) {
            try (ClientResponse held = session.get(server.url("/a"))) {
                assertThatThrownBy(() -> session.get(server.url("/b")))
                        .isInstanceOfSatisfying(
                                ClientTimeoutException.class,
                                e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.CONNECT));
                assertThat(session.connector().stats().waiting()).isZero();
                assertThat(held.text()).hasSize(10);
            }
            try (ClientResponse r = session.get(server.url("/c"))) {
                assertThat(r.text()).hasSize(10);
            }
            assertPoolConsistent(session);
        }
    }

    private static void assertBodyFails(String response, Class<? extends ClientException> type, String message)
            throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                    return false;
                });
                var session = ClientSession.create()) {
            try (ClientResponse r = session.get(server.url("/b"))) {
                assertThatThrownBy(r::read)
                        .isInstanceOf(type)
                        .hasMessageContaining(message)
                        .hasMessageContaining(server.url("/b"));
            }
            assertPoolConsistent(session);
            assertThat(session.connector().stats().open()).isZero();
        }
    }

    @AsyncioTest
    void serverClosesMidBody() throws Exception {
        assertBodyFails(
                "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..", ClientPayloadException.class, "90 bytes");
    }

    @AsyncioTest
    void truncatedChunkedBody() throws Exception {
        assertBodyFails(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel",
                ClientPayloadException.class,
                "chunked");
    }

    @AsyncioTest
    void bodyLongerThanContentLength() throws Exception {
        assertBodyFails(
                "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello world",
                ClientPayloadException.class,
                "longer than its Content-Length");
    }

    @AsyncioTest
    void brokenGzipBody() throws Exception {
        assertBodyFails(
                "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: 10\r\n\r\nnot gzip!!",
                ClientPayloadException.class,
                "decode");
    }

    @AsyncioTest
    void invalidStatusLine() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write("HTTP/1.1 2OO OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    return false;
                });
                var session = ClientSession.create()) {
            assertThatThrownBy(() -> session.get(server.url("/s")))
                    .isInstanceOf(InvalidResponseException.class)
                    .hasMessageContaining(server.url("/s"));
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void serverClosesWithoutAnswering() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> false);
                var session = ClientSession.create()) {
            assertThatThrownBy(() -> session.get(server.url("/")))
                    .isInstanceOf(ServerDisconnectedException.class)
                    .hasMessageContaining("without responding");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void redirectLoopStopsAtTheLimit() throws Exception {
        try (var server = RawServer.fixed("HTTP/1.1 302 Found\r\nLocation: /loop\r\nContent-Length: 0\r\n\r\n");
                var session = ClientSession.create()) {
            assertThatThrownBy(() -> session.get(server.url("/loop")))
                    .isInstanceOfSatisfying(
                            TooManyRedirectsException.class,
                            e -> assertThat(e.redirects()).isEqualTo(10))
                    .hasMessageContaining(server.url("/loop"));
            assertThat(server.requests).hasSize(11);
            assertThat(server.connections()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void cancelledWhileSkippingARedirectBodyLeavesNoConnectionInUse() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write("HTTP/1.1 302 Found\r\nLocation: /next\r\nContent-Length: 10\r\n\r\nab"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.drain();
                    Asyncio.sleep(Duration.ofHours(1)); // the rest of the redirect's body never comes
                    return false;
                });
                var session = ClientSession.create()) {
            var task = Asyncio.createTask(() -> session.get(server.url("/start")));
            Asyncio.sleep(Duration.ofSeconds(1));
            assertThat(session.connector().stats().inUse()).isEqualTo(1);
            task.cancel();
            assertThat(Asyncio.gatherSettled(task).get(0)).isInstanceOf(io.jasyncio.Outcome.Cancelled.class);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void headerInjectionIsRefusedBeforeSending() throws Exception {
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.create()) {
            assertThatThrownBy(() -> ClientRequest.get(server.url("/")).header("X-A", "v\r\nEvil: 1"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ClientRequest.get(server.url("/")).header("X-A\r\nEvil", "v"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.get(server.url("/a\r\nEvil: 1")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> session.get(server.url("/a b"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> BasicAuth.of("u", "p\r\nEvil: 1")).isInstanceOf(IllegalArgumentException.class);
            var evilAuth = ClientRequest.get(server.url("/")).auth(url -> "Bearer x\r\nEvil: 1");
            assertThatThrownBy(() -> session.request(evilAuth)).isInstanceOf(IllegalArgumentException.class);
            assertThat(server.requests).isEmpty();
            Asyncio.sleep(Duration.ofMillis(10));
            assertThat(server.connections()).as("no connection was even opened").isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void staleKeepAliveConnectionIsRetriedOnceOnAFreshOne() throws Exception {
        // The second request on a connection finds it closed by the server (the race of RFC 9112 §9.3.1).
        try (var server = RawServer.start((req, out, c, n) -> {
                    if (n == 2) {
                        return false;
                    }
                    out.write(ok("fine").getBytes(StandardCharsets.US_ASCII));
                    return true;
                });
                var session = ClientSession.create()) {
            session.get(server.url("/1")).close();
            try (ClientResponse r = session.get(server.url("/2"))) {
                assertThat(r.text()).isEqualTo("fine");
            }
            assertThat(server.connections()).isEqualTo(2);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void staleRetryCanBeTurnedOffAndSkipsNonIdempotentRequests() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    if (n == 2) {
                        return false;
                    }
                    out.write(ok("fine").getBytes(StandardCharsets.US_ASCII));
                    return true;
                });
                var off = ClientSession.builder().retryStaleConnections(false).build();
                var on = ClientSession.create()) {
            off.get(server.url("/1")).close();
            assertThatThrownBy(() -> off.get(server.url("/2"))).isInstanceOf(ServerDisconnectedException.class);
            on.get(server.url("/1")).close();
            assertThatThrownBy(() -> on.post(server.url("/2"), RequestBody.of("x")))
                    .isInstanceOf(ServerDisconnectedException.class);
            assertPoolConsistent(off);
            assertPoolConsistent(on);
        }
    }

    @AsyncioTest
    void idleConnectionClosedByTheServerIsNotReused() throws Exception {
        try (var server = RawServer.start((req, out, c, n) -> {
                    out.write(ok("once").getBytes(StandardCharsets.US_ASCII));
                    return false; // close after answering, without saying so
                });
                var session =
                        ClientSession.builder().retryStaleConnections(false).build()) {
            session.get(server.url("/1")).close();
            Asyncio.sleep(Duration.ofMillis(50)); // the close reaches the idle connection
            try (ClientResponse r = session.get(server.url("/2"))) {
                assertThat(r.text()).isEqualTo("once");
            }
            assertThat(server.connections()).isEqualTo(2);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void gzipAndDeflateAreDecoded() throws Exception {
        byte[] text = "compressed ".repeat(500).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (var out = new GZIPOutputStream(gz)) {
            out.write(text);
        }
        byte[] zlib = deflate(text, false);
        byte[] raw = deflate(text, true);
        try (var server = RawServer.start((req, out, c, n) -> {
                    byte[] body = n == 1 ? gz.toByteArray() : n == 2 ? zlib : raw;
                    String enc = n == 1 ? "gzip" : "deflate";
                    out.write(("HTTP/1.1 200 OK\r\nContent-Encoding: " + enc + "\r\nContent-Length: " + body.length
                                    + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    return true;
                });
                var session = ClientSession.create()) {
            for (int i = 0; i < 3; i++) {
                try (ClientResponse r = session.get(server.url("/z"))) {
                    assertThat(r.read()).isEqualTo(text);
                }
            }
            assertThat(server.requests.get(0).hasHeader("Accept-Encoding: gzip, deflate"))
                    .isTrue();
            assertThat(server.connections()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    private static byte[] deflate(byte[] data, boolean nowrap) {
        var d = new java.util.zip.Deflater(6, nowrap);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 100];
        int n = d.deflate(buf);
        d.end();
        return java.util.Arrays.copyOf(buf, n);
    }
}
