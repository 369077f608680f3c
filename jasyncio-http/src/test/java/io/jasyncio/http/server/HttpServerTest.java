package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.VirtualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class HttpServerTest {

    private static HttpServer serve(Application app) throws Exception {
        return HttpServer.start(app, ServerConfig.defaults().withAccessLog(null), "127.0.0.1", 0);
    }

    private static HttpServer serve(Application app, ServerConfig config) throws Exception {
        return HttpServer.start(app, config.withAccessLog(null), "127.0.0.1", 0);
    }

    @AsyncioTest
    void answersARouteWithItsPathParameter() throws Exception {
        var app = new Application().get("/hello/{name}", r -> Response.text("Hello, " + r.matchInfo("name")));
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String response =
                    client.send("GET /hello/world HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\nHello, world");
            assertThat(response).contains("Content-Length: 12\r\n", "Date: ");
        }
    }

    @AsyncioTest
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        var app = new Application().get("/{n}", r -> {
            // The first request takes longest: a server answering out of order would show it.
            Asyncio.sleep(Duration.ofMillis(30 - 10L * Integer.parseInt(r.matchInfo("n"))));
            return Response.text(r.matchInfo("n"));
        });
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            client.send("GET /0 HTTP/1.1\r\nHost: x\r\n\r\nGET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");

            assertThat(List.of(client.response(), client.response(), client.response()))
                    .extracting(r -> r.substring(r.length() - 1))
                    .containsExactly("0", "1", "2");
            assertThat(client.rest()).isEmpty();
        }
    }

    @AsyncioTest
    void notFoundAndMethodNotAllowedWithAllow() throws Exception {
        var app = new Application().get("/items", r -> Response.text("list")).post("/items", r -> Response.of(201));
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String missing =
                    client.send("GET /nothing HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String wrongMethod =
                    client.send("DELETE /items HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(missing).startsWith("HTTP/1.1 404 Not Found");
            assertThat(wrongMethod)
                    .startsWith("HTTP/1.1 405 Method Not Allowed")
                    .contains("Allow: GET, HEAD, POST\r\n");
        }
    }

    @AsyncioTest
    void aThrowingHandlerGets500AndTheConnectionStaysUsable() throws Exception {
        var app = new Application()
                .get("/boom", r -> {
                    throw new IllegalStateException("secret detail");
                })
                .get("/ok", r -> Response.text("fine"));
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String boom = client.send("GET /boom HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String ok = client.send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(boom).startsWith("HTTP/1.1 500 ").doesNotContain("secret detail");
            assertThat(ok).startsWith("HTTP/1.1 200 ").endsWith("fine");
        }
    }

    @AsyncioTest
    void middlewaresWrapInOrderAndCanShortCircuit() throws Exception {
        var calls = new ArrayList<String>();
        var app = new Application()
                .use((r, next) -> {
                    calls.add("outer");
                    var response = next.handle(r);
                    response.headers().set("X-Outer", "1");
                    return response;
                })
                .use((r, next) -> {
                    calls.add("inner");
                    return r.path().equals("/blocked") ? Response.of(403) : next.handle(r);
                })
                .get("/{any}", r -> {
                    calls.add("handler");
                    return Response.text("ok");
                });
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String ok = client.send("GET /a HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String blocked =
                    client.send("GET /blocked HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(ok).contains("X-Outer: 1");
            assertThat(blocked).startsWith("HTTP/1.1 403").contains("X-Outer: 1");
            assertThat(calls).containsExactly("outer", "inner", "handler", "outer", "inner");
        }
    }

    @AsyncioTest
    void subApplicationsNamedRoutesAndRegexSegments() throws Exception {
        var api = new Application().get("/users/{id:\\d+}", r -> Response.text("user " + r.matchInfo("id")), "user");
        var app = new Application().mount("/api", api);
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String user =
                    client.send("GET /api/users/42 HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String notDigits = client.send("GET /api/users/abc HTTP/1.1\r\nHost: x\r\n\r\n")
                    .response();

            assertThat(user).endsWith("user 42");
            assertThat(notDigits).startsWith("HTTP/1.1 404");
            assertThat(api.url("user", Map.of("id", "7"))).isEqualTo("/users/7");
        }
    }

    @AsyncioTest
    void bodyIsReadAndContentLengthOverTheLimitIsRefusedBeforeReading() throws Exception {
        var app = new Application().post("/echo", r -> Response.text(r.text()));
        try (var server = serve(app, ServerConfig.defaults().withClientMaxSize(10));
                var client = RawClient.connect(server.port());
                var big = RawClient.connect(server.port())) {
            String echoed = client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
                    .response();
            String refused = big.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n")
                    .response();

            assertThat(echoed).endsWith("hello");
            assertThat(refused).startsWith("HTTP/1.1 413 ").contains("Connection: close");
            assertThat(big.rest()).isEmpty();
        }
    }

    @AsyncioTest
    void chunkedBodyOverTheLimitIs413() throws Exception {
        var app = new Application().post("/echo", r -> Response.text(r.text()));
        try (var server = serve(app, ServerConfig.defaults().withClientMaxSize(10));
                var client = RawClient.connect(server.port())) {
            String refused = client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "6\r\nhello \r\n6\r\nworld!\r\n0\r\n\r\n")
                    .response();

            assertThat(refused).startsWith("HTTP/1.1 413 ").contains("Connection: close");
        }
    }

    @AsyncioTest
    void expectContinueIsAnsweredBeforeTheBody() throws Exception {
        var app = new Application().post("/echo", r -> Response.text(r.text()));
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            String interim = client.response();
            String response = client.send("hi").response();

            assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            assertThat(response).endsWith("hi");
        }
    }

    @AsyncioTest
    void headGetsTheHeadOnlyAndHttp10Closes() throws Exception {
        var app = new Application().get("/", r -> Response.text("body"));
        try (var server = serve(app);
                var head = RawClient.connect(server.port());
                var old = RawClient.connect(server.port())) {
            head.send("HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            old.send("GET / HTTP/1.0\r\n\r\n");

            assertThat(head.rest())
                    .startsWith("HTTP/1.1 200 OK")
                    .contains("Content-Length: 4")
                    .endsWith("\r\n\r\n");
            assertThat(old.rest()).contains("Connection: close").endsWith("body");
        }
    }

    @AsyncioTest
    void idleKeepAliveConnectionIsClosedAfterItsTimeout(VirtualClock clock) throws Exception {
        var app = new Application().get("/", r -> Response.text("x"));
        try (var server = serve(app, ServerConfig.defaults().withKeepAliveTimeout(Duration.ofSeconds(5)));
                var client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response();
            long before = clock.nanoTime();

            assertThat(client.rest()).isEmpty(); // closed by the server
            assertThat(Duration.ofNanos(clock.nanoTime() - before)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
        }
    }

    @AsyncioTest
    void aHandlerRedirectsByThrowingAndBadRedirectsAreRefused() throws Exception {
        var app = new Application().post("/orders", r -> {
            throw HttpException.redirect(303, "/orders/17");
        });
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String response = client.send("POST /orders HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
                    .response();

            assertThat(response)
                    .startsWith("HTTP/1.1 303 See Other\r\n")
                    .contains("\r\nLocation: /orders/17\r\n")
                    .endsWith("303 See Other: /orders/17");
        }
        assertThatThrownBy(() -> HttpException.redirect(200, "/x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HttpException.redirect(302, "/x\r\nSet-Cookie: a=b"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncioTest
    void theKeepAliveTimeoutCountsFromTheLastResponse(VirtualClock clock) throws Exception {
        var app = new Application().get("/", r -> Response.text("x"));
        try (var server = serve(app, ServerConfig.defaults().withKeepAliveTimeout(Duration.ofSeconds(5)));
                var client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response();
            Asyncio.sleep(Duration.ofSeconds(4));
            // 8 s after the first response, 4 s after this one: still open (the first idle timer must not fire)
            client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response();
            long second = clock.nanoTime();
            Asyncio.sleep(Duration.ofSeconds(4));
            assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response())
                    .startsWith("HTTP/1.1 200 OK");
            long third = clock.nanoTime();

            assertThat(client.rest()).isEmpty(); // closed by the server, 5 s after the third response
            assertThat(Duration.ofNanos(clock.nanoTime() - third)).isGreaterThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(Duration.ofNanos(clock.nanoTime() - second)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @AsyncioTest
    void slowHeadIsCutOffAtTheHeaderDeadlineWith408() throws Exception {
        var app = new Application().get("/", r -> Response.text("x"));
        try (var server = serve(app, ServerConfig.defaults().withHeaderTimeout(Duration.ofSeconds(2)));
                var client = RawClient.connect(server.port())) {
            client.send("GET / HTTP/1.1\r\n");
            Asyncio.sleep(Duration.ofSeconds(1));
            client.send("X-Slow: 1\r\n"); // a trickle does not extend the deadline

            assertThat(client.rest()).startsWith("HTTP/1.1 408 ");
        }
    }

    @AsyncioTest
    void aBodyThatStopsComingGets408AfterTheBodyTimeout() throws Exception {
        var app = new Application().post("/upload", r -> Response.text("got " + r.read().length));
        try (var server = serve(app, ServerConfig.defaults().withBodyTimeout(Duration.ofSeconds(3)));
                var client = RawClient.connect(server.port())) {
            client.send("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc");

            assertThat(client.rest()).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        }
    }

    @AsyncioTest
    void servesOnAUnixSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        var app = new Application().get("/", r -> Response.text("over unix"));
        var path = dir.resolve("http.sock");
        try (var server = HttpServer.startUnix(app, ServerConfig.defaults().withAccessLog(null), path);
                var connection = io.jasyncio.net.Streams.openUnixConnection(path)) {
            connection.writer().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            String response = new String(connection.reader().read(-1), java.nio.charset.StandardCharsets.UTF_8);

            assertThat(server.port()).isEqualTo(-1);
            assertThat(response).startsWith("HTTP/1.1 200 OK").endsWith("over unix");
        }
    }

    @AsyncioTest
    void aMalformedChunkedBodyFailsTheHandlersReadAndNothingIsWrittenBesideItsResponse() throws Exception {
        var app = new Application()
                .post("/upload", r -> Response.text("got " + r.text()))
                .post("/stream", r -> {
                    var response = new StreamResponse();
                    response.prepare(r); // the head is out before the body turns out bad
                    response.write("started ");
                    response.write(r.text());
                    return response;
                });
        try (var server = serve(app);
                var plain = RawClient.connect(server.port());
                var streaming = RawClient.connect(server.port())) {
            String head = "HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n";
            plain.send("POST /upload " + head);
            streaming.send("POST /stream " + head);
            Asyncio.sleep(Duration.ofMillis(10)); // the handlers are reading the bodies by now
            String answered = plain.send("zz\r\n").rest();
            String cut = streaming.send("zz\r\n").rest();

            assertThat(answered).startsWith("HTTP/1.1 400 ").contains("Connection: close", "chunk size");
            assertThat(answered.indexOf("HTTP/1.1", 1)).as("one response only").isEqualTo(-1);
            assertThat(cut).startsWith("HTTP/1.1 200 ").contains("started ");
            assertThat(cut.indexOf("HTTP/1.1", 1))
                    .as("nothing written into the streamed response")
                    .isEqualTo(-1);
        }
    }

    @AsyncioTest
    void requestsSentOneByteAtATimeArePipelinedCorrectly() throws Exception {
        var app = new Application().post("/{n}", r -> Response.text(r.matchInfo("n") + ":" + r.text()));
        String requests = "POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + "POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n"
                + "POST /3 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            for (int i = 0; i < requests.length(); i++) {
                client.send(requests.substring(i, i + 1));
            }

            assertThat(List.of(client.response(), client.response(), client.response()))
                    .extracting(r -> r.substring(r.lastIndexOf("\r\n") + 2))
                    .containsExactly("1:abc", "2:de", "3:");
        }
    }

    @AsyncioTest
    void clientDisconnectCancelsTheHandlerAndItsFinallyRuns() throws Exception {
        Future<String> finallyRan = Asyncio.loop().createFuture();
        Future<Void> started = Asyncio.loop().createFuture();
        var app = new Application().get("/slow", r -> {
            try {
                started.setResult(null);
                Asyncio.sleep(Duration.ofHours(1));
                return Response.text("late");
            } finally {
                finallyRan.setResult("finally");
            }
        });
        try (var server = serve(app)) {
            var client = RawClient.connect(server.port());
            client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            client.close();

            assertThat(Asyncio.waitFor(finallyRan, Duration.ofSeconds(5))).isEqualTo("finally");
        }
    }

    @AsyncioTest
    void gracefulShutdownLetsTheRequestInFlightFinish() throws Exception {
        Future<Void> started = Asyncio.loop().createFuture();
        var app = new Application().get("/work", r -> {
            started.setResult(null);
            Asyncio.sleep(Duration.ofSeconds(3));
            return Response.text("done");
        });
        var server = serve(app);
        try (var client = RawClient.connect(server.port())) {
            client.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();
            var shutdown = Asyncio.createTask(() -> server.shutdown(Duration.ofSeconds(10)));

            assertThat(client.rest()).contains("Connection: close").endsWith("done");
            shutdown.await();
        }
    }

    @AsyncioTest
    void shutdownCancelsHandlersStillRunningAfterTheGracePeriod() throws Exception {
        Future<Void> started = Asyncio.loop().createFuture();
        Future<String> cancelled = Asyncio.loop().createFuture();
        var app = new Application().get("/forever", r -> {
            started.setResult(null);
            try {
                Asyncio.sleep(Duration.ofDays(1));
            } finally {
                cancelled.setResult("cancelled");
            }
            return Response.text("never");
        });
        var server = serve(app);
        try (var client = RawClient.connect(server.port())) {
            client.send("GET /forever HTTP/1.1\r\nHost: x\r\n\r\n");
            started.await();

            server.shutdown(Duration.ofSeconds(1));

            assertThat(cancelled.await()).isEqualTo("cancelled");
            assertThat(client.rest()).isEmpty();
        }
    }

    @AsyncioTest
    void anUpgradeItDoesNotServeIsIgnoredAndTheConnectionGoesOn() throws Exception {
        var app = new Application().get("/{n}", r -> Response.text(r.matchInfo("n")));
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String first = client.send("GET /1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                            + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAoAAAAAIAAAAA\r\n\r\n")
                    .response();
            String second = client.send("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(first).startsWith("HTTP/1.1 200").endsWith("1");
            assertThat(second).startsWith("HTTP/1.1 200").endsWith("2");
        }
    }

    @AsyncioTest
    void streamResponseIsChunked() throws Exception {
        var app = new Application().get("/stream", r -> {
            var response = new StreamResponse().contentType("text/plain");
            response.prepare(r);
            response.write("one ");
            response.write("two");
            return response;
        });
        try (var server = serve(app);
                var client = RawClient.connect(server.port())) {
            String response =
                    client.send("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(response).contains("Transfer-Encoding: chunked").endsWith("4\r\none \r\n3\r\ntwo\r\n0\r\n\r\n");
        }
    }

    @AsyncioTest
    void startupShutdownHooksAndCleanupContextsRunInOrder() throws Exception {
        var events = new ArrayList<String>();
        var app = new Application()
                .onStartup(a -> events.add("startup"))
                .cleanupContext(a -> {
                    events.add("open 1");
                    return () -> events.add("close 1");
                })
                .cleanupContext(a -> {
                    events.add("open 2");
                    return () -> events.add("close 2");
                })
                .onShutdown(a -> events.add("shutdown"));

        serve(app).close();

        assertThat(events).containsExactly("startup", "open 1", "open 2", "shutdown", "close 2", "close 1");
    }

    @AsyncioTest(realClock = true)
    void workersServeOnTheirOwnLoopsThroughOnePort() throws Exception {
        var loops = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
        var app = new Application().get("/", r -> {
            loops.add(Asyncio.loop().toString());
            return Response.text("ok");
        });
        try (var server = serve(app, ServerConfig.defaults().withWorkers(2))) {
            for (int i = 0; i < 64 && loops.size() < 2; i++) {
                try (var client = RawClient.connect(server.port())) {
                    assertThat(client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response())
                            .endsWith("ok");
                }
            }
        }

        assertThat(loops).hasSize(2);
    }
}
