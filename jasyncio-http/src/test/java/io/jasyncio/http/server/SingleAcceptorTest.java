package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.Connector;
import io.jasyncio.net.Networking;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;

/**
 * The single acceptor ({@link ServerConfig#withSingleAcceptor}, what a server with several workers uses where the OS
 * has no {@code SO_REUSEPORT}), forced here on Linux: the first loop accepts and hands each connection to the loops in
 * turn, where it is served entirely.
 */
// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class SingleAcceptorTest {

    private static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    /** Names the loop a handler runs on. */
    private static String loopName() {
        return Integer.toHexString(System.identityHashCode(Asyncio.loop()));
    }

    private static ServerConfig handingOver(int workers) {
        return ServerConfig.defaults().withAccessLog(null).withWorkers(workers).withSingleAcceptor(true);
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @AsyncioTest(realClock = true)
    void connectionsGoToEveryLoopInTurnAndStayOnTheirLoop() throws Exception {
        var app = new Application().get("/loop", r -> Response.text(loopName()));
        var clients = new ArrayList<RawClient>();
        try (var server = HttpServer.start(app, handingOver(3), "127.0.0.1", 0)) {
            var loopOf = new ArrayList<String>();
            for (int i = 0; i < 6; i++) {
                var client = RawClient.connect(server.port());
                clients.add(client);
                String first = body(
                        client.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n").response());
                String second = body(
                        client.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n").response());
                assertThat(second)
                        .as("a keep-alive connection stays on its loop")
                        .isEqualTo(first);
                loopOf.add(first);
            }

            assertThat(new HashSet<>(loopOf)).hasSize(3);
            // Round-robin: the fourth connection goes where the first went, and so on.
            assertThat(loopOf.subList(3, 6)).isEqualTo(loopOf.subList(0, 3));
            assertThat(loopOf.get(0)).as("the acceptor's own loop serves too").isEqualTo(loopName());
            assertThat(server.connectionCount())
                    .as("every loop's connections count")
                    .isEqualTo(6);
            assertThat(server.toString()).contains("workers=3", "single acceptor");
        } finally {
            clients.forEach(RawClient::close);
        }
    }

    @AsyncioTest(realClock = true)
    void pipelinedRequestsOnHandedOverConnectionsAreAnsweredInOrder() throws Exception {
        var app = new Application().get("/{n}", r -> {
            // The first request takes longest: a server answering out of order would show it.
            Asyncio.sleep(Duration.ofMillis(30 - 10L * Integer.parseInt(r.matchInfo("n"))));
            return Response.text(r.matchInfo("n") + "@" + loopName());
        });
        var loops = new HashSet<String>();
        try (var server = HttpServer.start(app, handingOver(2), "127.0.0.1", 0)) {
            for (int i = 0; i < 2; i++) {
                try (var client = RawClient.connect(server.port())) {
                    client.send("GET /0 HTTP/1.1\r\nHost: x\r\n\r\nGET /1 HTTP/1.1\r\nHost: x\r\n\r\n"
                            + "GET /2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                    var answers = List.of(body(client.response()), body(client.response()), body(client.response()));

                    assertThat(answers).extracting(a -> a.charAt(0)).containsExactly('0', '1', '2');
                    assertThat(answers)
                            .extracting(a -> a.substring(2))
                            .containsOnly(answers.get(0).substring(2));
                    assertThat(client.rest()).isEmpty();
                    loops.add(answers.get(0).substring(2));
                }
            }
        }

        assertThat(loops).as("one connection on each loop").hasSize(2);
    }

    @AsyncioTest(realClock = true)
    void httpsIsServedThroughTheHandOver() throws Exception {
        var app = new Application().get("/hello", r -> Response.text(r.scheme() + " " + loopName()));
        var tls = pki.serverTls();
        var trusting = pki.clientTls();
        var loops = new HashSet<String>();
        try (var server = HttpServer.start(app, handingOver(2), "127.0.0.1", 0, tls);
                var fresh = ClientSession.builder()
                        .connector(Connector.builder()
                                .tls(trusting)
                                .forceClose(true)
                                .build())
                        .build();
                var reused = ClientSession.builder()
                        .connector(Connector.builder().tls(trusting).build())
                        .build()) {
            String url = "https://localhost:" + server.port() + "/hello";
            for (int i = 0; i < 4; i++) {
                try (var r = fresh.get(url)) {
                    String text = r.text();
                    assertThat(text).startsWith("https ");
                    loops.add(text.substring(6));
                }
            }
            var sameConnection = new HashSet<String>();
            for (int i = 0; i < 3; i++) {
                try (var r = reused.get(url)) {
                    sameConnection.add(r.text());
                }
            }

            assertThat(loops).as("new TLS connections on both loops").hasSize(2);
            assertThat(sameConnection)
                    .as("a kept-alive TLS connection stays on its loop")
                    .hasSize(1);
            assertThat(reused.connector().stats().open()).isEqualTo(1);
        }
    }

    @AsyncioTest(realClock = true)
    void shutdownClosesIdleConnectionsOnEveryLoopAndLetsBusyOnesFinish() throws Exception {
        var started = new CompletableFuture<String>();
        var release = new CompletableFuture<@Nullable Void>();
        var app = new Application().get("/idle", r -> Response.text(loopName())).get("/busy", r -> {
            started.complete(loopName());
            Asyncio.await(release); // a CompletableFuture: the handler runs on another loop's thread
            return Response.text("finished");
        });
        var server = HttpServer.start(app, handingOver(3).withShutdownTimeout(Duration.ofSeconds(30)), "127.0.0.1", 0);
        try (var idle0 = RawClient.connect(server.port());
                var busy = RawClient.connect(server.port());
                var idle2 = RawClient.connect(server.port())) {
            String loop0 =
                    body(idle0.send("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n").response());
            busy.send("GET /busy HTTP/1.1\r\nHost: x\r\n\r\n");
            String loop1 = Asyncio.await(started);
            String loop2 =
                    body(idle2.send("GET /idle HTTP/1.1\r\nHost: x\r\n\r\n").response());
            assertThat(List.of(loop0, loop1, loop2)).doesNotHaveDuplicates();
            assertThat(server.connectionCount()).isEqualTo(3);

            var closing = Asyncio.createTask(() -> server.close());
            // The idle connections on the first and the third loop are closed at once; the busy one is not.
            assertThat(idle0.rest()).isEmpty();
            assertThat(idle2.rest()).isEmpty();
            assertThat(closing.isDone()).isFalse();
            release.complete(null);
            String answer = busy.response();
            closing.await();

            assertThat(answer).contains("Connection: close\r\n").endsWith("finished");
            assertThat(busy.rest()).isEmpty();
            assertThat(server.connectionCount()).isZero();
            assertThat(server.addresses()).isEmpty();
        } finally {
            server.close();
        }
    }

    @AsyncioTest(realClock = true)
    void shutdownDropsHandedOverSocketsStillInTheirHandshake() throws Exception {
        var app = new Application().get("/hello", r -> Response.text("hello"));
        var tls = pki.serverTls();
        var server = HttpServer.start(app, handingOver(2), "127.0.0.1", 0, tls);
        var silent = new ArrayList<RawClient>();
        try {
            for (int i = 0; i < 4; i++) {
                silent.add(RawClient.connect(server.port())); // never sends a ClientHello
            }
            // One full HTTPS exchange after them: the acceptor took the silent ones first (one listening socket, in
            // order), so each loop is waiting for the handshakes of those it was given.
            try (var session = ClientSession.builder()
                            .connector(Connector.builder().tls(pki.clientTls()).build())
                            .build();
                    var r = session.get("https://localhost:" + server.port() + "/hello")) {
                assertThat(r.text()).isEqualTo("hello");
            }

            server.close();

            for (var client : silent) {
                // Closed by the shutdown, not after the 60 s handshake timeout.
                assertThat(Asyncio.withTimeout(Duration.ofSeconds(20), () -> closedByServer(client)))
                        .isTrue();
            }
            assertThat(server.connectionCount()).isZero();
        } finally {
            silent.forEach(RawClient::close);
            server.close();
        }
    }

    @AsyncioTest
    void aConnectionMadeAfterTheShutdownLookedIsClosedAtOnce() throws Exception {
        // A socket accepted (or handed over) just before a shutdown whose connectionMade runs after the shutdown went
        // through the connections: nobody else would close it.
        var context = new ServerContext(
                new Application(), ServerConfig.defaults().withAccessLog(null), Asyncio.loop(), new AtomicInteger());
        context.shuttingDown = true;
        try (var listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            var connecting = Asyncio.createTask(() -> RawClient.connect(port));
            var accepted = Networking.of(Asyncio.loop()).sockAccept(listener);
            Networking.of(Asyncio.loop()).connectAccepted(() -> new HttpConnection(context), accepted, null);
            try (var client = connecting.await()) {
                // Not left open until its head timeout (which would answer 408).
                assertThat(client.rest()).isEmpty();
            }
        }
        assertThat(context.connections).isEmpty();
        assertThat(context.openConnections()).isZero();
    }

    /** Reads until the server ends the connection: {@code true} when it ended without a byte (or was reset). */
    private static boolean closedByServer(RawClient client) {
        try {
            return client.rest().isEmpty();
        } catch (IOException reset) {
            return true;
        }
    }
}
