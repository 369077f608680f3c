package io.jasyncio.http.client;

import static io.jasyncio.http.client.RawServer.assertPoolConsistent;
import static io.jasyncio.http.client.RawServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import io.jasyncio.testing.AsyncioTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Tracing hooks in order; the Unix-socket connector; a response dropped without close is reclaimed. */
class TracingAndUnixTest {

    @AsyncioTest
    void hooksSeeEveryStep() throws Exception {
        List<String> events = new ArrayList<>();
        TraceHooks hooks = new TraceHooks() {
            @Override
            public void requestStart(String method, URI url) {
                events.add("start " + method + " " + url.getPath());
            }

            @Override
            public void requestEnd(String method, URI url, int status, Duration elapsed) {
                events.add("end " + status);
            }

            @Override
            public void requestException(String method, URI url, Exception error) {
                events.add("exception " + error.getClass().getSimpleName());
            }

            @Override
            public void redirect(String method, URI from, int status, URI to) {
                events.add("redirect " + status + " " + to.getPath());
            }

            @Override
            public void connectionCreated(URI url, Duration elapsed) {
                events.add("created");
            }

            @Override
            public void connectionReused(URI url) {
                events.add("reused");
            }
        };
        try (var server = RawServer.start((req, out, c, n) -> {
                    String resp = req.requestLine().contains("/old")
                            ? "HTTP/1.1 301 Moved\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n"
                            : ok("x");
                    out.write(resp.getBytes(StandardCharsets.US_ASCII));
                    return true;
                });
                var session = ClientSession.builder().trace(hooks).build()) {
            session.get(server.url("/old")).close();
            assertThat(events)
                    .containsExactly(
                            "start GET /old",
                            "created",
                            "end 301",
                            "redirect 301 /new",
                            "start GET /new",
                            "reused",
                            "end 200");
            events.clear();
            try {
                session.get("http://127.0.0.1:1/");
            } catch (ClientConnectionException e) {
                // expected
            }
            assertThat(events).containsExactly("start GET /", "exception ClientConnectionException");
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest(realClock = true)
    void namesAreResolvedOnceAndTheHookSeesIt() throws Exception {
        List<String> hosts = new ArrayList<>();
        TraceHooks hooks = new TraceHooks() {
            @Override
            public void dnsResolved(String host, Duration elapsed) {
                hosts.add(host);
            }
        };
        try (var server = RawServer.fixed(ok("x"));
                var session = ClientSession.builder()
                        .trace(hooks)
                        .connector(Connector.builder().forceClose(true).build())
                        .build()) {
            for (int i = 0; i < 3; i++) {
                session.get("http://localhost:" + server.port() + "/").close();
            }
            assertThat(hosts).containsExactly("localhost", "localhost", "localhost");
            assertThat(server.connections()).isEqualTo(3);
            assertPoolConsistent(session);
        }
    }

    @AsyncioTest
    void unixSocketConnector() throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-http");
        Path socket = dir.resolve("http.sock");
        try (Server _ = Streams.startUnixServer(
                        (in, out) -> {
                            try (out) {
                                String head = new String(
                                        in.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)),
                                        StandardCharsets.US_ASCII);
                                out.write(ok(head.substring(0, head.indexOf("\r\n")))
                                        .getBytes(StandardCharsets.US_ASCII));
                                out.drain();
                            }
                        },
                        socket);
                var session = ClientSession.builder()
                        .connector(Connector.builder().unixSocket(socket).build())
                        .build()) {
            try (ClientResponse r = session.get("http://localhost/over-unix?x=1")) {
                assertThat(r.text()).isEqualTo("GET /over-unix?x=1 HTTP/1.1");
            }
            assertPoolConsistent(session);
        } finally {
            Files.deleteIfExists(socket);
            Files.deleteIfExists(dir);
        }
    }

    @AsyncioTest(realClock = true, debug = true)
    void aResponseDroppedWithoutCloseGivesItsConnectionBackAndDebugModeSaysSo() throws Exception {
        List<String> warnings = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger("io.jasyncio.http");
        java.util.logging.Handler handler = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                synchronized (warnings) {
                    warnings.add(java.text.MessageFormat.format(r.getMessage(), r.getParameters()));
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        log.addHandler(handler);
        try (var server = RawServer.fixed(ok("y".repeat(200_000)));
                var session = ClientSession.create()) {
            dropAResponse(session, server.url("/big"));
            assertThat(session.connector().stats().inUse()).isEqualTo(1);
            for (int i = 0; i < 100 && session.connector().stats().inUse() > 0; i++) {
                System.gc();
                Asyncio.sleep(Duration.ofMillis(50));
            }
            assertThat(session.connector().stats().inUse()).isZero();
            assertThat(session.connector().stats().open()).isZero(); // closed, never reused
            assertPoolConsistent(session);
            synchronized (warnings) {
                assertThat(warnings)
                        .anySatisfy(w -> assertThat(w)
                                .contains("neither read to its end nor closed")
                                .contains(server.url("/big")));
            }
        } finally {
            log.removeHandler(handler);
        }
    }

    private static void dropAResponse(ClientSession session, String url) throws Exception {
        ClientResponse r = session.get(url);
        assertThat(r.status()).isEqualTo(200);
    }
}
