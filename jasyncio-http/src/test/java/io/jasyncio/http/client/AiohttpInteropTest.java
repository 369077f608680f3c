package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real aiohttp server (Python): cookies, redirects, multipart, streaming, keep-alive. */
class AiohttpInteropTest {
    private static PeerProcess server;
    /** The same server with a 1 s keep-alive: it closes idle connections after a second. */
    private static PeerProcess impatient;

    @BeforeAll
    static void start() throws Exception {
        server = PeerProcess.aiohttp(75);
        impatient = PeerProcess.aiohttp(1);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
        impatient.close();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(ClientResponse r) throws java.io.IOException {
        return java.util.Objects.requireNonNull(r.json(Map.class));
    }

    @AsyncioTest(realClock = true)
    void echoesMethodQueryHeadersAndBody() throws Exception {
        try (var session = ClientSession.builder()
                .baseUrl(server.url("/"))
                .header("X-Default", "d")
                .build()) {
            try (ClientResponse r = session.request(ClientRequest.put("/echo")
                    .query("q", "a b/ü")
                    .header("X-Extra", "e")
                    .body(RequestBody.of("body text")))) {
                Map<String, Object> echo = map(r);
                assertThat(echo).containsEntry("method", "PUT").containsEntry("body", "body text");
                assertThat(echo.get("query")).isEqualTo(List.of(List.of("q", "a b/ü")));
                assertThat(String.valueOf(echo.get("headers"))).contains("[X-Default, d]", "[X-Extra, e]");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void cookiesRoundTripWithPathScoping() throws Exception {
        try (var session = ClientSession.builder().baseUrl(server.url("/")).build()) {
            session.get("/cookies/set?session=abc&theme=dark").close();
            session.get("/cookies/set-path").close();
            try (ClientResponse r = session.get("/cookies")) {
                assertThat(map(r)).isEqualTo(Map.of("session", "abc", "theme", "dark"));
            }
            try (ClientResponse r = session.get("/cookies/scoped")) {
                assertThat(map(r)).containsEntry("scoped", "yes").doesNotContainKey("gone");
            }
            assertPoolConsistent(session);
        }
        try (var noJar = ClientSession.builder()
                .baseUrl(server.url("/"))
                .cookieJar(CookieJar.disabled())
                .build()) {
            noJar.get("/cookies/set?session=abc").close();
            try (ClientResponse r = noJar.get("/cookies")) {
                assertThat(map(r)).isEmpty();
            }
        }
    }

    @AsyncioTest(realClock = true)
    void redirectsFollowWithHistoryAnd303BecomesGet() throws Exception {
        try (var session = ClientSession.builder().baseUrl(server.url("/")).build()) {
            try (ClientResponse r = session.post("/redirect/3?code=303", RequestBody.of("dropped"))) {
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.history()).extracting(ClientResponse::status).containsExactly(303, 303, 303, 302);
                Map<String, Object> echo = map(r);
                assertThat(echo).containsEntry("method", "GET").containsEntry("body_len", 0);
            }
            try (ClientResponse r = session.post("/redirect/1?code=307", RequestBody.of("kept"))) {
                Map<String, Object> echo = map(r);
                assertThat(echo).containsEntry("method", "GET"); // the last hop is a 302 after POST: GET
            }
            try (ClientResponse r = session.request(
                    ClientRequest.post("/redirect-to?code=307&to=/echo").body(RequestBody.of("kept")))) {
                Map<String, Object> echo = map(r);
                assertThat(echo).containsEntry("method", "POST").containsEntry("body", "kept");
            }
            assertThatThrownBy(() -> session.get("/redirect-loop")).isInstanceOf(TooManyRedirectsException.class);
            try (ClientResponse r =
                    session.request(ClientRequest.get("/redirect/2").allowRedirects(false))) {
                assertThat(r.status()).isEqualTo(302);
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void authorizationIsDroppedWhenTheOriginChanges() throws Exception {
        try (var session = ClientSession.builder().auth(BasicAuth.of("u", "p")).build()) {
            // Same host name, other port: another origin.
            String to = impatient.url("/echo");
            try (ClientResponse r = session.get(server.url("/redirect-to?to=" + to))) {
                Map<String, Object> echo = map(r);
                assertThat(String.valueOf(echo.get("headers"))).doesNotContain("Authorization");
            }
            try (ClientResponse r = session.get(server.url("/redirect-to?to=/echo"))) {
                Map<String, Object> echo = map(r);
                assertThat(String.valueOf(echo.get("headers"))).contains("[Authorization, Basic dTpw]");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void basicAuthAndRaiseForStatus() throws Exception {
        try (var session = ClientSession.builder()
                .baseUrl(server.url("/"))
                .raiseForStatus(true)
                .build()) {
            assertThatThrownBy(() -> session.get("/basic-auth/user/pw"))
                    .isInstanceOfSatisfying(
                            ResponseStatusException.class,
                            e -> assertThat(e.status()).isEqualTo(401));
            try (ClientResponse r =
                    session.request(ClientRequest.get("/basic-auth/user/pw").auth(BasicAuth.of("user", "pw")))) {
                assertThat(r.text()).isEqualTo("authorized");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void multipartStreamsFilesFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] data = new byte[3 * 1024 * 1024 + 17];
        new java.util.Random(7).nextBytes(data);
        Files.write(file, data);
        String sha =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        try (var session = ClientSession.create()) {
            RequestBody body = Multipart.builder()
                    .field("title", "holiday \"2026\"")
                    .file("upload", file, "application/octet-stream")
                    .part("note", "n.txt", "text/plain", "hi".getBytes(StandardCharsets.UTF_8))
                    .build();
            try (ClientResponse r = session.post(server.url("/multipart"), body)) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> parts = java.util.Objects.requireNonNull(r.json(List.class));
                assertThat(parts).hasSize(3);
                assertThat(parts.get(0)).containsEntry("name", "title").containsEntry("size", 14);
                assertThat(parts.get(1))
                        .containsEntry("name", "upload")
                        .containsEntry("filename", "data.bin")
                        .containsEntry("size", data.length)
                        .containsEntry("sha256", sha);
                assertThat(parts.get(2)).containsEntry("filename", "n.txt").containsEntry("size", 2);
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void streamingChunkedResponseLineByLine() throws Exception {
        try (var session = ClientSession.create()) {
            int lines = 0;
            try (ClientResponse r = session.get(server.url("/stream?n=500&size=3000"))) {
                for (byte[] line : r.content().lines()) {
                    assertThat(new String(line, StandardCharsets.US_ASCII)).startsWith("line " + lines + " ");
                    lines++;
                }
            }
            assertThat(lines).isEqualTo(500);
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void gzipDeflateJsonAndCharset() throws Exception {
        try (var session = ClientSession.builder().baseUrl(server.url("/")).build()) {
            try (ClientResponse r = session.get("/gzip")) {
                assertThat(r.text()).isEqualTo("gzip ".repeat(2000));
            }
            try (ClientResponse r = session.get("/deflate")) {
                assertThat(r.text()).isEqualTo("deflate ".repeat(2000));
            }
            try (ClientResponse r = session.get("/json")) {
                record Reading(String name, double value, List<String> tags) {}
                assertThat(r.json(Reading.class)).isEqualTo(new Reading("sensor-1", 21.5, List.of("a", "b")));
            }
            try (ClientResponse r = session.get("/charset")) {
                assertThat(r.text()).isEqualTo("café");
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void socketReadTimeoutAgainstADrippingServer() throws Exception {
        try (var session = ClientSession.builder()
                .timeout(ClientTimeout.NONE.withSockRead(Duration.ofSeconds(1)))
                .build()) {
            try (ClientResponse r = session.get(server.url("/drip?delay=5"))) {
                assertThat(r.content().read(5)).isEqualTo("first".getBytes(StandardCharsets.US_ASCII));
                assertThatThrownBy(() -> r.content().read(5))
                        .isInstanceOfSatisfying(
                                ClientTimeoutException.class,
                                e -> assertThat(e.kind()).isEqualTo(ClientTimeoutException.Kind.SOCK_READ));
            }
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void noServerDisconnectedErrorsAgainstAServerClosingIdleConnectionsAfterOneSecond() throws Exception {
        int[] created = {0};
        int[] retried = {0};
        TraceHooks count = new TraceHooks() {
            @Override
            public void connectionCreated(java.net.URI url, Duration elapsed) {
                created[0]++;
            }

            @Override
            public void retry(String method, java.net.URI url, int attempt, Duration delay, Exception cause) {
                retried[0]++;
            }
        };
        try (var session = ClientSession.builder().trace(count).build()) {
            // Requests at intervals around the server's 1 s keep-alive: some find their idle connection closed.
            for (int i = 0; i < 6; i++) {
                try (ClientResponse r = session.get(impatient.url("/hello"))) {
                    assertThat(r.text()).isEqualTo("hello");
                }
                Asyncio.sleep(Duration.ofMillis(700 + 150 * i));
            }
            assertThat(created[0]).isGreaterThan(1); // the server did close idle connections
            assertPoolConsistent(session);
        }
    }
}
