package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.http.client.ClientRequest;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.Connector;
import io.jasyncio.http.client.Multipart;
import io.jasyncio.http.client.RequestBody;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * jasyncio's own client ({@link ClientSession}) against jasyncio's server: every feature of one used through the
 * other, over loopback on port 0.
 */
class ClientSessionServerTest {

    private static TestCertificates pki;

    @TempDir
    Path dir;

    /** The server's count of handler runs, to tell what reached the application. */
    private final AtomicInteger handled = new AtomicInteger();

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    /** An order as JSON, in and out. */
    record Order(String item, int quantity) {}

    /** What the server answers about an order. */
    record Receipt(long id, String item, int quantity, int total, List<String> tags, String secure) {}

    private static long crc(byte[] data) {
        var crc = new CRC32();
        crc.update(data);
        return crc.getValue();
    }

    private static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + i / 7);
        }
        return data;
    }

    private Application app() {
        return new Application()
                .use((request, next) -> {
                    handled.incrementAndGet();
                    return next.handle(request);
                })
                .get(
                        "/orders/{id:\\d+}",
                        r -> Response.jsonOf(new Receipt(
                                Long.parseLong(r.matchInfo("id")),
                                r.queryParam("item").orElse("?"),
                                0,
                                0,
                                r.query().getOrDefault("tag", List.of()),
                                String.valueOf(r.secure()))))
                .post("/orders/{id:\\d+}", r -> {
                    Order order = Objects.requireNonNull(r.json(Order.class));
                    return Response.jsonOf(new Receipt(
                                    Long.parseLong(r.matchInfo("id")),
                                    order.item(),
                                    order.quantity(),
                                    order.quantity() * 3,
                                    r.query().getOrDefault("tag", List.of()),
                                    String.valueOf(r.secure())))
                            .status(201);
                })
                .post("/upload", r -> {
                    // Read as it arrives, never whole.
                    var crc = new CRC32();
                    long total = 0;
                    int pieces = 0;
                    for (byte[] piece = r.content().read(8192);
                            piece.length > 0;
                            piece = r.content().read(8192)) {
                        crc.update(piece);
                        total += piece.length;
                        pieces++;
                    }
                    return Response.text(total + " " + crc.getValue() + " " + (pieces > 1) + " "
                            + r.header("Transfer-Encoding").orElse("-"));
                })
                .get("/download", r -> {
                    int chunks = Integer.parseInt(r.queryParam("chunks").orElseThrow());
                    var response = new StreamResponse().contentType("application/octet-stream");
                    response.prepare(r);
                    byte[] piece = pattern(10_000);
                    for (int i = 0; i < chunks; i++) {
                        response.write(piece); // waits while the client is behind
                    }
                    return response;
                })
                .post("/multipart", r -> {
                    var out = new StringBuilder();
                    var reader = r.multipart();
                    for (var part = reader.next(); part != null; part = reader.next()) {
                        out.append(part.name().orElse("?")).append('=');
                        if (part.filename().isPresent()) {
                            long size = 0;
                            var crc = new CRC32();
                            for (byte[] c = part.readChunk(); c.length > 0; c = part.readChunk()) {
                                size += c.length;
                                crc.update(c);
                            }
                            out.append(part.filename().get())
                                    .append(':')
                                    .append(part.headers()
                                            .firstValue("Content-Type")
                                            .orElse("-"))
                                    .append(':')
                                    .append(size)
                                    .append(':')
                                    .append(crc.getValue());
                        } else {
                            out.append(part.text());
                        }
                        out.append(';');
                    }
                    return Response.text(out.toString());
                })
                .get(
                        "/login",
                        r -> Response.text("welcome")
                                .setCookie(Cookie.of("session", "s3cr3t")
                                        .withPath("/")
                                        .withHttpOnly(true))
                                .setCookie(
                                        Cookie.of("theme", "dark").withPath("/").withMaxAge(Duration.ofHours(1))))
                .get("/whoami", r -> Response.text(new java.util.TreeMap<>(r.cookies()).toString()))
                .get("/big", r -> Response.text("jasyncio ".repeat(5_000)).enableCompression())
                .get("/old", r -> Response.of(301).header("Location", "/orders/5?item=moved"))
                .post("/form", r -> {
                    r.read();
                    return Response.of(303).header("Location", "/orders/6?item=seen");
                })
                .post("/echo-size", r -> Response.text(String.valueOf(r.read().length)))
                .post("/unread", r -> Response.text("not reading that"));
    }

    private HttpServer serve(ServerConfig config) throws Exception {
        return HttpServer.start(app(), config.withAccessLog(null), "127.0.0.1", 0);
    }

    private static String base(HttpServer server) {
        return "http://127.0.0.1:" + server.port();
    }

    @AsyncioTest
    void jsonInAndOutWithPathParametersAndQueries() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            Receipt got;
            try (var r = session.request(ClientRequest.get("/orders/42")
                    .query("item", "green tea & cake")
                    .query(Map.of("tag", "gift")))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.contentType()).isEqualTo("application/json");
                got = r.json(Receipt.class);
            }
            Receipt posted;
            try (var r = session.request(
                    ClientRequest.post("/orders/7?tag=a&tag=b").body(RequestBody.json(new Order("scone", 4))))) {
                assertThat(r.status()).isEqualTo(201);
                posted = r.json(Receipt.class);
            }
            ClientResponse head = session.head("/orders/42?item=x");
            byte[] headBody = head.read();
            head.close();

            assertThat(got).isEqualTo(new Receipt(42, "green tea & cake", 0, 0, List.of("gift"), "false"));
            assertThat(posted).isEqualTo(new Receipt(7, "scone", 4, 12, List.of("a", "b"), "false"));
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.contentLength()).isPositive();
            assertThat(headBody).isEmpty();
        }
    }

    @AsyncioTest
    void aChunkSourceUploadIsStreamedToTheHandler() throws Exception {
        byte[] data = pattern(300_000);
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.create()) {
            var offset = new AtomicInteger();
            RequestBody chunks = RequestBody.chunks(() -> {
                int from = offset.getAndAdd(7_000);
                return from >= data.length ? null : Arrays.copyOfRange(data, from, Math.min(data.length, from + 7_000));
            });
            String answer;
            try (var r = session.post(base(server) + "/upload", chunks)) {
                answer = r.text();
            }

            assertThat(answer).isEqualTo(data.length + " " + crc(data) + " true chunked");
        }
    }

    @AsyncioTest
    void aStreamedDownloadIsReadThroughTheBodyReader() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.create();
                var r = session.get(base(server) + "/download?chunks=200")) {
            var crc = new CRC32();
            long total = 0;
            for (byte[] piece : r.content().chunks(16 * 1024)) {
                crc.update(piece);
                total += piece.length;
            }
            var expected = new CRC32();
            byte[] piece = pattern(10_000);
            for (int i = 0; i < 200; i++) {
                expected.update(piece);
            }

            assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
            assertThat(total).isEqualTo(2_000_000);
            assertThat(crc.getValue()).isEqualTo(expected.getValue());
        }
    }

    @AsyncioTest
    void multipartFromAFileReachesTheHandlerPartByPart() throws Exception {
        byte[] content = pattern(200_000);
        Path file = Files.write(dir.resolve("photo.bin"), content);
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.create();
                var r = session.post(
                        base(server) + "/multipart",
                        Multipart.builder()
                                .field("title", "holiday")
                                .file("photo", file, "image/x-test")
                                .field("note", "ünïcode")
                                .build())) {

            assertThat(r.text())
                    .isEqualTo("title=holiday;photo=photo.bin:image/x-test:" + content.length + ":" + crc(content)
                            + ";note=ünïcode;");
        }
    }

    @AsyncioTest
    void cookiesSetByTheServerAreSentBack() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            try (var login = session.get("/login")) {
                assertThat(login.cookies()).extracting(c -> c.name()).containsExactlyInAnyOrder("session", "theme");
            }
            String seen;
            try (var r = session.get("/whoami")) {
                seen = r.text();
            }

            assertThat(seen).isEqualTo("{session=s3cr3t, theme=dark}");
        }
    }

    @AsyncioTest
    void gzipResponsesAreDecoded() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.create();
                var r = session.get(base(server) + "/big")) {
            assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThat(r.contentLength()).isLessThan(5_000); // 45,000 bytes of text before
            assertThat(r.text()).isEqualTo("jasyncio ".repeat(5_000));
        }
    }

    @AsyncioTest
    void redirectsAreFollowed() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            try (var moved = session.get("/old")) {
                assertThat(moved.status()).isEqualTo(200);
                assertThat(moved.history()).extracting(ClientResponse::status).containsExactly(301);
                assertThat(moved.url().getPath()).isEqualTo("/orders/5");
                assertThat(moved.json(Receipt.class)).extracting(Receipt::item).isEqualTo("moved");
            }
            try (var seeOther = session.post("/form", RequestBody.form(Map.of("a", "b")))) {
                // 303 after a POST: the client follows with a GET.
                assertThat(seeOther.status()).isEqualTo(200);
                assertThat(seeOther.method()).isEqualTo("GET");
                assertThat(seeOther.json(Receipt.class)).extracting(Receipt::id).isEqualTo(6L);
            }
        }
    }

    @AsyncioTest
    void sequentialRequestsReuseOneKeepAliveConnection() throws Exception {
        try (var server = serve(ServerConfig.defaults());
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            for (int i = 0; i < 5; i++) {
                try (var r = session.get("/orders/" + i)) {
                    assertThat(r.json(Receipt.class)).extracting(Receipt::id).isEqualTo((long) i);
                }
                try (var r = session.post("/echo-size", RequestBody.of(pattern(1000)))) {
                    assertThat(r.text()).isEqualTo("1000");
                }
            }

            assertThat(session.connector().stats().open()).isEqualTo(1);
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertThat(server.connectionCount()).isEqualTo(1);
            assertThat(handled).hasValue(10);
        }
    }

    @AsyncioTest
    void expectContinueSendsTheBodyOnlyOnceTheServerAgrees() throws Exception {
        byte[] data = pattern(50_000);
        try (var server = serve(ServerConfig.defaults().withClientMaxSize(100_000));
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            String accepted;
            try (var r = session.request(
                    ClientRequest.post("/echo-size").body(RequestBody.of(data)).expectContinue(true))) {
                accepted = r.status() + " " + r.text();
            }
            int refused;
            try (var r = session.request(ClientRequest.post("/echo-size")
                    .body(RequestBody.of(pattern(200_000)))
                    .expectContinue(true))) {
                refused = r.status();
            }

            assertThat(accepted).isEqualTo("200 50000");
            assertThat(refused).isEqualTo(413);
            assertThat(handled)
                    .as("the refused body never reached the application")
                    .hasValue(1);
        }
    }

    @AsyncioTest(realClock = true)
    void anOversizeBodyIsA413() throws Exception {
        try (var server = serve(ServerConfig.defaults().withClientMaxSize(10_000));
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            int fixed;
            try (var r = session.post("/echo-size", RequestBody.of(pattern(40_000)))) {
                fixed = r.status();
            }
            int large;
            try (var r = session.post("/echo-size", RequestBody.of(pattern(8_000_000)))) {
                large = r.status();
            }
            var sent = new AtomicInteger();
            int chunked;
            try (var r = session.post(
                    "/echo-size", RequestBody.chunks(() -> sent.getAndIncrement() < 8 ? pattern(4_000) : null))) {
                chunked = r.status();
            }
            String fine;
            try (var r = session.post("/echo-size", RequestBody.of(pattern(9_000)))) {
                fine = r.text();
            }

            assertThat(fixed).isEqualTo(413);
            assertThat(large).isEqualTo(413);
            assertThat(chunked).isEqualTo(413);
            assertThat(fine).isEqualTo("9000");
        }
    }

    @AsyncioTest(realClock = true)
    void aResponseSentBeforeALargeBodyWasReadReachesTheClient() throws Exception {
        try (var server = serve(ServerConfig.defaults().withClientMaxSize(64_000_000));
                var session = ClientSession.builder().baseUrl(base(server)).build()) {
            String unread;
            try (var r = session.post("/unread", RequestBody.of(pattern(8_000_000)))) {
                // The handler answered without reading the body: the server closes after the response.
                unread = r.status() + " " + r.headers().firstValue("Connection").orElse("-") + " " + r.text();
            }
            String next;
            try (var r = session.post("/echo-size", RequestBody.of(pattern(5_000)))) {
                next = r.text();
            }

            assertThat(unread).isEqualTo("200 close not reading that");
            assertThat(next).isEqualTo("5000");
        }
    }

    @AsyncioTest(realClock = true)
    void anHttpsSiteWithJsonAndKeepAlive() throws Exception {
        var tls = pki.serverTls();
        try (var server = HttpServer.start(app(), ServerConfig.defaults().withAccessLog(null), "127.0.0.1", 0, tls);
                var session = ClientSession.builder()
                        .baseUrl("https://localhost:" + server.port())
                        .connector(Connector.builder().tls(pki.clientTls()).build())
                        .build()) {
            Receipt got;
            try (var r = session.request(ClientRequest.post("/orders/9").body(RequestBody.json(new Order("pie", 2))))) {
                got = r.json(Receipt.class);
            }
            String gzipped;
            try (var r = session.get("/big")) {
                gzipped = r.text();
            }

            assertThat(got).isEqualTo(new Receipt(9, "pie", 2, 6, List.of(), "true"));
            assertThat(gzipped).hasSize(45_000);
            assertThat(session.connector().stats().open()).isEqualTo(1);
        }
    }

    @AsyncioTest(realClock = true)
    void aServerClosingIdleConnectionsFirstCausesNoErrorOnTheNextRequest() throws Exception {
        try (var server = serve(ServerConfig.defaults().withKeepAliveTimeout(Duration.ofMillis(100)));
                var session = ClientSession.builder()
                        .baseUrl(base(server))
                        .connector(Connector.builder()
                                .keepAliveTimeout(Duration.ofSeconds(30))
                                .build())
                        // No retry may hide a reused dead connection: the client must see it is closed.
                        .retryStaleConnections(false)
                        .build()) {
            for (int round = 0; round < 3; round++) {
                try (var r = session.get("/orders/" + round)) {
                    assertThat(r.status()).isEqualTo(200);
                    r.read();
                }
                assertThat(session.connector().stats().idle()).isEqualTo(1);
                // The scenario itself: the client stays idle longer than the server's keep-alive timeout.
                Asyncio.sleep(Duration.ofMillis(400));
                assertThat(server.connectionCount())
                        .as("the server closed the idle connection")
                        .isZero();

                try (var r = session.post("/echo-size", RequestBody.of(pattern(100)))) {
                    assertThat(r.text()).isEqualTo("100"); // a POST: never retried, so it went out on a live connection
                }
            }
        }
    }
}
