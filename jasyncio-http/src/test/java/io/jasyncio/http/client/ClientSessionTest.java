package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static io.jasyncio.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The session against a scripted server on the test's loop: requests, keep-alive, bodies and framing. */
class ClientSessionTest {

    @AsyncioTest
    void getReadsTheBodyAndReusesTheConnection() throws Exception {
        try (var server = RawServer.fixed(ok("hello"));
                var session = ClientSession.create()) {
            for (int i = 0; i < 3; i++) {
                try (ClientResponse r = session.get(server.url("/x"))) {
                    assertThat(r.status()).isEqualTo(200);
                    assertThat(r.reason()).isEqualTo("OK");
                    assertThat(r.text()).isEqualTo("hello");
                }
            }
            assertThat(server.connections()).isEqualTo(1);
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertThat(server.requests.get(0).requestLine()).isEqualTo("GET /x HTTP/1.1");
            assertThat(server.requests.get(0).hasHeader("Host: 127.0.0.1:" + server.port()))
                    .isTrue();
            assertThat(server.requests.get(0).hasHeader("User-Agent: jasyncio-http/"))
                    .isTrue();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void postSendsBodyWithContentLengthAndQueryIsEncoded() throws Exception {
        try (var server = RawServer.fixed(ok("done"));
                var session = ClientSession.builder().baseUrl(server.url("/")).build()) {
            try (ClientResponse r = session.request(
                    ClientRequest.post("/submit?x=1").query("q", "a b&c=d/é").body(RequestBody.of("payload")))) {
                assertThat(r.text()).isEqualTo("done");
            }
            RawServer.Request req = server.requests.get(0);
            assertThat(req.requestLine()).isEqualTo("POST /submit?x=1&q=a%20b%26c%3Dd%2F%C3%A9 HTTP/1.1");
            assertThat(req.hasHeader("Content-Length: 7")).isTrue();
            assertThat(req.hasHeader("Content-Type: text/plain; charset=utf-8")).isTrue();
            assertThat(new String(req.body(), StandardCharsets.UTF_8)).isEqualTo("payload");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void chunkedBodiesGoBothWays() throws Exception {
        String chunked = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
        try (var server = RawServer.fixed(chunked);
                var session = ClientSession.create()) {
            var parts = List.of("one ", "two ", "three").iterator();
            try (ClientResponse r = session.post(
                    server.url("/up"),
                    RequestBody.chunks(() -> parts.hasNext() ? parts.next().getBytes(StandardCharsets.UTF_8) : null))) {
                assertThat(r.text()).isEqualTo("hello world");
            }
            assertThat(server.requests.get(0).hasHeader("Transfer-Encoding: chunked"))
                    .isTrue();
            assertThat(new String(server.requests.get(0).body(), StandardCharsets.UTF_8))
                    .isEqualTo("one two three");
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void formBodyIsUrlEncoded() throws Exception {
        try (var server = RawServer.fixed(ok(""));
                var session = ClientSession.create()) {
            var fields = new java.util.LinkedHashMap<String, String>();
            fields.put("name", "a b");
            fields.put("x", "1&2");
            session.post(server.url("/f"), RequestBody.form(fields)).close();
            assertThat(new String(server.requests.get(0).body(), StandardCharsets.US_ASCII))
                    .isEqualTo("name=a+b&x=1%262");
            assertThat(server.requests.get(0).hasHeader("Content-Type: application/x-www-form-urlencoded"))
                    .isTrue();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void streamingBodyReadsLinesAndChunks() throws Exception {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            body.append("line ").append(i).append('\n');
        }
        try (var server = RawServer.fixed(ok(body.toString()));
                var session = ClientSession.create()) {
            List<String> lines = new ArrayList<>();
            try (ClientResponse r = session.get(server.url("/lines"))) {
                for (byte[] line : r.content().lines()) {
                    lines.add(new String(line, StandardCharsets.UTF_8));
                }
                assertThat(r.isReleased()).isTrue();
            }
            assertThat(lines).hasSize(1000).startsWith("line 0\n").endsWith("line 999\n");
            long total = 0;
            try (ClientResponse r = session.get(server.url("/lines"))) {
                for (byte[] chunk : r.content().chunks(100)) {
                    assertThat(chunk.length).isLessThanOrEqualTo(100);
                    total += chunk.length;
                }
            }
            assertThat(total).isEqualTo(body.length());
            try (ClientResponse r = session.get(server.url("/lines"))) {
                assertThat(new String(r.content().readExactly(7), StandardCharsets.US_ASCII))
                        .isEqualTo("line 0\n");
                r.content().readAll();
                assertThatThrownBy(() -> r.content().readExactly(1))
                        .isInstanceOf(io.jasyncio.net.IncompleteReadException.class);
            }
            assertThat(server.connections()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void headResponseHasNoBodyAndKeepsTheConnection() throws Exception {
        try (var server = RawServer.fixed("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n");
                var session = ClientSession.create()) {
            try (ClientResponse r = session.head(server.url("/"))) {
                assertThat(r.contentLength()).isEqualTo(1234);
                assertThat(r.read()).isEmpty();
            }
            assertThat(session.connector().stats().idle()).isEqualTo(1);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void closingBeforeTheEndClosesTheConnection() throws Exception {
        try (var server = RawServer.fixed(ok("x".repeat(100_000)));
                var session = ClientSession.create()) {
            try (ClientResponse r = session.get(server.url("/big"))) {
                assertThat(r.content().read(10)).hasSize(10);
            }
            assertThat(session.connector().stats().open()).isZero();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void defaultHeadersAuthAndRequestHeadersAreSent() throws Exception {
        try (var server = RawServer.fixed(ok("ok"));
                var session = ClientSession.builder()
                        .header("X-Client", "poller")
                        .header("Accept", "text/plain")
                        .auth(BasicAuth.of("user", "pa:ss"))
                        .build()) {
            session.request(ClientRequest.get(server.url("/")).header("Accept", "application/json"))
                    .close();
            RawServer.Request req = server.requests.get(0);
            assertThat(req.hasHeader("X-Client: poller")).isTrue();
            assertThat(req.hasHeader("Accept: application/json")).isTrue();
            assertThat(req.hasHeader("Accept: text/plain")).isFalse();
            assertThat(req.hasHeader("Authorization: Basic dXNlcjpwYTpzcw==")).isTrue();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void bearerAuthHookIsCalledPerRequest() throws Exception {
        int[] calls = {0};
        try (var server = RawServer.fixed(ok("ok"));
                var session = ClientSession.builder()
                        .auth(Auth.bearer(() -> "token-" + ++calls[0]))
                        .build()) {
            session.get(server.url("/")).close();
            session.get(server.url("/")).close();
            assertThat(server.requests.get(1).hasHeader("Authorization: Bearer token-2"))
                    .isTrue();
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void concurrentRequestsThroughLimitShareConnections() throws Exception {
        try (var server = RawServer.fixed(ok("r"));
                var session = ClientSession.builder()
                        .connector(Connector.builder().limit(3).build())
                        .build()) {
            List<Task<String>> tasks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                tasks.add(Asyncio.createTask(() -> {
                    try (ClientResponse r = session.get(server.url("/"))) {
                        return r.text();
                    }
                }));
            }
            assertThat(Asyncio.gather(tasks)).hasSize(50).containsOnly("r");
            assertThat(server.connections()).isLessThanOrEqualTo(3);
            assertPoolConsistent(session);
        }
    }

    @org.junit.jupiter.api.Test
    void aSessionIsConfinedToItsLoop() {
        ClientSession session = Asyncio.run(() -> ClientSession.create());
        assertThatThrownBy(() -> Asyncio.run(() -> session.get("http://127.0.0.1:1/")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("belongs to");
        assertThatThrownBy(() -> session.get("http://127.0.0.1:1/")).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest
    void requestTimeoutDoesNotChangeTheSessions() throws Exception {
        try (var server = RawServer.fixed(ok("ok"));
                var session = ClientSession.create()) {
            session.request(ClientRequest.get(server.url("/"))
                            .timeout(ClientTimeout.NONE.withTotal(Duration.ofSeconds(1))))
                    .close();
            assertThat(session.timeout()).isEqualTo(ClientTimeout.DEFAULT);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void responseMetadata() throws Exception {
        String resp = "HTTP/1.1 201 Created\r\nContent-Type: text/plain; charset=ISO-8859-1\r\n"
                + "Set-Cookie: a=1\r\nSet-Cookie: b=2; Path=/\r\nX-Multi: 1\r\nx-multi: 2\r\nContent-Length: 4\r\n\r\ncaf\u00e9";
        try (var server = RawServer.fixed(resp);
                var session = ClientSession.create()) {
            try (ClientResponse r = session.get(server.url("/m"))) {
                assertThat(r.status()).isEqualTo(201);
                assertThat(r.contentType()).isEqualTo("text/plain");
                assertThat(r.headers().allValues("X-MULTI")).containsExactly("1", "2");
                assertThat(r.cookies()).extracting(Cookie::name).containsExactly("a", "b");
                assertThat(r.text()).isEqualTo("café");
            }
            assertThat(session.cookieJar().all()).hasSize(2);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void jsonBodiesThroughJackson() throws Exception {
        String json = "{\"id\":7,\"name\":\"s-7\"}\n";
        try (var server = RawServer.fixed("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                        + json.length() + "\r\n\r\n" + json);
                var session = ClientSession.create()) {
            try (ClientResponse r = session.post(server.url("/j"), RequestBody.json(Map.of("id", 7)))) {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = r.json(Map.class);
                assertThat(m).containsEntry("id", 7).containsEntry("name", "s-7");
            }
            assertThat(new String(server.requests.get(0).body(), StandardCharsets.UTF_8))
                    .isEqualTo("{\"id\":7}");
            assertThat(server.requests.get(0).hasHeader("Content-Type: application/json"))
                    .isTrue();
            assertPoolConsistent(session);
        }
    }
}
