package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request and response JSON through Jackson, per-application state, every cookie attribute on the wire, and the
 * head limits (414, 431) answered by a running server to a raw socket.
 */
// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class JsonStateCookiesLimitsTest {

    private static HttpServer serve(Application app, ServerConfig config) throws Exception {
        return HttpServer.start(app, config.withAccessLog(null), "127.0.0.1", 0);
    }

    private static String post(String path, String contentType, String body) {
        return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: " + contentType + "\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    /** A JSON body. */
    record Point(int x, int y) {}

    @AsyncioTest
    void requestJsonReadsARecordAndJsonOfWritesOne() throws Exception {
        var app = new Application()
                .post("/mirror", r -> {
                    Point p = Objects.requireNonNull(r.json(Point.class));
                    return Response.jsonOf(new Point(p.y(), p.x()));
                })
                .post("/map", r -> Response.jsonOf(r.json(Map.class)));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String mirrored = client.send(post("/mirror", "application/json", "{\"x\":1,\"y\":2}"))
                    .response();
            String map = client.send(post("/map", "application/json", "{\"list\":[1,\"two\",null]}"))
                    .response();

            assertThat(mirrored)
                    .startsWith("HTTP/1.1 200 OK\r\n")
                    .contains("Content-Type: application/json\r\n")
                    .endsWith("\r\n\r\n{\"x\":2,\"y\":1}");
            assertThat(map).endsWith("\r\n\r\n{\"list\":[1,\"two\",null]}");
        }
    }

    @AsyncioTest
    void invalidJsonIsA400AndTheConnectionStaysUsable() throws Exception {
        var app = new Application().post("/p", r -> Response.jsonOf(r.json(Point.class)));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String broken =
                    client.send(post("/p", "application/json", "{\"x\":")).response();
            String wrongType =
                    client.send(post("/p", "application/json", "[1,2]")).response();
            String good = client.send(post("/p", "application/json", "{\"x\":3,\"y\":4}"))
                    .response();

            assertThat(broken).startsWith("HTTP/1.1 400 ").contains("invalid JSON for Point");
            assertThat(wrongType).startsWith("HTTP/1.1 400 ");
            assertThat(good).startsWith("HTTP/1.1 200 ").endsWith("{\"x\":3,\"y\":4}");
        }
    }

    @AsyncioTest
    void aJsonBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        var app = new Application().post("/p", r -> Response.jsonOf(r.json(Map.class)));
        try (var server = serve(app, ServerConfig.defaults().withClientMaxSize(16));
                var client = RawClient.connect(server.port())) {
            String tooBig = client.send("POST /p HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 1000\r\n\r\n")
                    .response();

            assertThat(tooBig).startsWith("HTTP/1.1 413 ");
        }
    }

    @AsyncioTest
    void eachApplicationHasItsOwnStateSeenByItsHandlersHooksAndCleanups() throws Exception {
        var api = new Application();
        api.get("/count", r -> {
            var counter = (AtomicInteger) Objects.requireNonNull(r.app().state().get("counter"));
            return Response.text(
                    "api " + counter.incrementAndGet() + " " + r.app().state().get("name"));
        });
        var lifecycle = new ArrayList<String>();
        api.onStartup(a -> a.state().put("counter", new AtomicInteger(100)));
        api.cleanupContext(a -> {
            lifecycle.add("open " + a.state().get("name"));
            return () -> lifecycle.add("close " + a.state().get("name"));
        });
        api.onShutdown(a -> lifecycle.add("shutdown " + a.state().get("name")));
        api.state().put("name", "sub");
        var root = new Application()
                .get(
                        "/name",
                        r -> Response.text("root " + r.app().state().get("name") + " "
                                + r.app().state().containsKey("counter")))
                .mount("/api", api)
                .cleanupContext(a -> {
                    lifecycle.add("open " + a.state().get("name"));
                    return () -> lifecycle.add("close " + a.state().get("name"));
                });
        root.state().put("name", "main");
        try (var server = serve(root, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String first =
                    client.send("GET /api/count HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String second =
                    client.send("GET /api/count HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String rootName =
                    client.send("GET /name HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(first).endsWith("\r\n\r\napi 101 sub");
            assertThat(second).endsWith("\r\n\r\napi 102 sub");
            // The root does not see the sub-application's values, and keeps its own.
            assertThat(rootName).endsWith("\r\n\r\nroot main false");
        }
        // A sub-application's hooks and cleanup contexts run with the server, each given its own application.
        assertThat(lifecycle).containsExactly("open main", "open sub", "shutdown sub", "close sub", "close main");
    }

    @AsyncioTest
    void everyCookieAttributeIsOnTheWire() throws Exception {
        var expires = ZonedDateTime.of(2030, 1, 2, 3, 4, 5, 0, ZoneOffset.UTC);
        var app = new Application()
                .get(
                        "/c",
                        r -> Response.text("ok")
                                .setCookie(Cookie.of("full", "v1")
                                        .withPath("/app")
                                        .withDomain("example.org")
                                        .withMaxAge(Duration.ofHours(1))
                                        .withExpires(expires)
                                        .withSecure(true)
                                        .withHttpOnly(true)
                                        .withSameSite("Strict"))
                                .setCookie(Cookie.of("bare", "v2"))
                                .setCookie(Cookie.of("lax", "v3")
                                        .withSameSite("Lax")
                                        .withMaxAge(Duration.ZERO)));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String response = client.send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(response.lines()
                            .filter(l -> l.startsWith("Set-Cookie: "))
                            .toList())
                    .containsExactly(
                            "Set-Cookie: full=v1; Path=/app; Domain=example.org; Max-Age=3600;"
                                    + " Expires=Wed, 02 Jan 2030 03:04:05 GMT; Secure; HttpOnly; SameSite=Strict",
                            "Set-Cookie: bare=v2",
                            "Set-Cookie: lax=v3; Max-Age=0; SameSite=Lax");
        }
    }

    /** RFC 6265 and RFC 9110 dates: two-digit day, always GMT, whatever the zone of the value given. */
    @AsyncioTest
    void cookieExpiresIsAnImfFixdateInGmt() throws Exception {
        var inParis = ZonedDateTime.of(2030, 3, 5, 10, 0, 0, 0, java.time.ZoneId.of("Europe/Paris"));
        var app = new Application()
                .get(
                        "/c",
                        r -> Response.text("ok").setCookie(Cookie.of("c", "v").withExpires(inParis)));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String response = client.send("GET /c HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(response).contains("Set-Cookie: c=v; Expires=Tue, 05 Mar 2030 09:00:00 GMT\r\n");
        }
    }

    @AsyncioTest
    void aRequestLineOverTheLimitIs414AndTheConnectionCloses() throws Exception {
        var app = new Application().get("/{any:.*}", r -> Response.text("reached"));
        try (var server = serve(app, ServerConfig.defaults().withHeadLimits(64, 8192, 100));
                var client = RawClient.connect(server.port())) {
            String fits = client.send("GET /" + "a".repeat(40) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .response();
            String answer = client.send("GET /" + "a".repeat(100) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .response();

            assertThat(fits).startsWith("HTTP/1.1 200 ");
            assertThat(answer).startsWith("HTTP/1.1 414 ").contains("Connection: close\r\n");
            assertThat(client.rest()).isEmpty();
        }
    }

    @AsyncioTest
    void theDefaultRequestLineLimitIs8KiB() throws Exception {
        var app = new Application().get("/{any:.*}", r -> Response.text("reached"));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String answer = client.send("GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: x\r\n\r\n")
                    .response();

            assertThat(answer).startsWith("HTTP/1.1 414 ");
        }
    }

    @AsyncioTest
    void aHeaderLineOverTheLimitIs431AndTheConnectionCloses() throws Exception {
        var app = new Application().get("/", r -> Response.text("reached"));
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String answer = client.send("GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(9000) + "\r\n\r\n")
                    .response();

            assertThat(answer).startsWith("HTTP/1.1 431 ").contains("Connection: close\r\n");
            assertThat(client.rest()).isEmpty();
        }
    }

    @AsyncioTest
    void tooManyHeadersIs431() throws Exception {
        var app = new Application().get("/", r -> Response.text("reached"));
        var headers = new StringBuilder();
        for (int i = 0; i < 101; i++) {
            headers.append("X-H").append(i).append(": v\r\n");
        }
        try (var server = serve(app, ServerConfig.defaults());
                var client = RawClient.connect(server.port())) {
            String atLimit = client.send("GET / HTTP/1.1\r\nHost: x\r\n"
                            + List.of(headers.toString().split("\r\n")).subList(0, 99).stream()
                                    .map(h -> h + "\r\n")
                                    .reduce("", String::concat)
                            + "\r\n")
                    .response();
            String over = client.send("GET / HTTP/1.1\r\nHost: x\r\n" + headers + "\r\n")
                    .response();

            assertThat(atLimit).startsWith("HTTP/1.1 200 ");
            assertThat(over).startsWith("HTTP/1.1 431 ").contains("Connection: close\r\n");
            assertThat(client.rest()).isEmpty();
        }
    }
}
