package io.jasyncio.http.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.Connector;
import io.jasyncio.net.Streams;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One application served on several sites at once ({@link AppRunner}): TCP, TLS and a Unix socket. */
// Messages are written with explicit \r\n, which text blocks would hide.
@SuppressWarnings("StringConcatToTextBlock")
class AppRunnerTest {

    private static TestCertificates pki;

    @TempDir
    Path dir;

    /** What the hooks did, in order. */
    private final List<String> events = new ArrayList<>();

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    /** An application whose hooks write to {@link #events} and whose handler names the scheme and the loop. */
    private Application app() {
        return new Application()
                .get("/", r -> Response.text(r.scheme() + " " + loopName()))
                .onStartup(a -> events.add("startup"))
                .cleanupContext(a -> {
                    events.add("open");
                    return () -> events.add("close");
                })
                .onShutdown(a -> events.add("shutdown"));
    }

    private static ServerConfig config() {
        return ServerConfig.defaults().withAccessLog(null);
    }

    /** Names the loop a handler runs on. */
    private static String loopName() {
        return Integer.toHexString(System.identityHashCode(Asyncio.loop()));
    }

    private static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    /** A GET over a new TCP connection. */
    private static String overTcp(Site site, String target) throws IOException {
        try (var client = RawClient.connect(site.port())) {
            return client.send("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").response();
        }
    }

    /** A GET over a new Unix socket connection, read until the server closes. */
    private static String overUnix(Path path, String target) throws IOException {
        try (var connection = Streams.openUnixConnection(path)) {
            connection.writer().write("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return new String(connection.reader().read(-1), StandardCharsets.UTF_8);
        }
    }

    private static ClientSession httpsSession() {
        return ClientSession.builder()
                .connector(Connector.builder()
                        .tls(pki.clientTls())
                        .forceClose(true)
                        .build())
                .build();
    }

    @AsyncioTest(realClock = true)
    void oneApplicationAnswersOnATcpATlsAndAUnixSiteWithItsHooksRunOnce() throws Exception {
        Path socket = dir.resolve("app.sock");
        try (var runner = AppRunner.start(app(), config());
                var https = httpsSession()) {
            var plain = runner.addTcpSite("127.0.0.1", 0);
            int plainPort = plain.port();
            assertThat(body(overTcp(plain, "/"))).startsWith("http ");
            // Sites may be added while serving.
            var secure = runner.addTcpSite("127.0.0.1", 0, pki.serverTls());
            var unix = runner.addUnixSite(socket);

            try (var r = https.get("https://localhost:" + secure.port() + "/")) {
                assertThat(r.text()).isEqualTo("https " + loopName());
            }
            assertThat(overUnix(socket, "/")).startsWith("HTTP/1.1 200 OK").endsWith("http " + loopName());
            assertThat(body(overTcp(plain, "/"))).isEqualTo("http " + loopName());
            assertThat(runner.sites()).containsExactly(plain, secure, unix);
            assertThat(secure.isTls()).isTrue();
            assertThat(plain.isTls()).isFalse();
            assertThat(unix.port()).isEqualTo(-1);
            assertThat(events).containsExactly("startup", "open");

            runner.shutdown(Duration.ofSeconds(5));

            assertThat(runner.sites()).isEmpty();
            assertThat(List.of(plain, secure, unix)).allSatisfy(site -> {
                assertThat(site.isClosed()).isTrue();
                assertThat(site.addresses()).isEmpty();
            });
            assertThatThrownBy(() -> RawClient.connect(plainPort)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> runner.addUnixSite(dir.resolve("late.sock")))
                    .isInstanceOf(IllegalStateException.class);
        }

        assertThat(events).as("hooks run once for all sites").containsExactly("startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void aGracefulShutdownLetsASlowRequestOnOneSiteFinishWhileTheOthersStopAccepting() throws Exception {
        var started = new CompletableFuture<@Nullable Void>();
        var release = new CompletableFuture<@Nullable Void>();
        var app = app().get("/slow", r -> {
            started.complete(null);
            Asyncio.await(release);
            return Response.text("finished");
        });
        Path socket = dir.resolve("slow.sock");
        var runner = AppRunner.start(app, config().withShutdownTimeout(Duration.ofSeconds(30)));
        try {
            var plain = runner.addTcpSite("127.0.0.1", 0);
            var secure = runner.addTcpSite("127.0.0.1", 0, pki.serverTls());
            runner.addUnixSite(socket);
            int plainPort = plain.port();
            int securePort = secure.port();
            try (var slow = Streams.openUnixConnection(socket);
                    var idle = RawClient.connect(plainPort)) {
                assertThat(body(idle.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response()))
                        .startsWith("http ");
                slow.writer().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n");
                Asyncio.await(started);

                var closing = Asyncio.createTask(() -> runner.shutdown(Duration.ofSeconds(30)));
                // The idle connection is closed at once, and no site accepts any more; the slow request runs on.
                assertThat(idle.rest()).isEmpty();
                assertThatThrownBy(() -> RawClient.connect(plainPort)).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> RawClient.connect(securePort)).isInstanceOf(IOException.class);
                assertThatThrownBy(() -> Streams.openUnixConnection(socket)).isInstanceOf(IOException.class);
                assertThat(closing.isDone()).isFalse();
                assertThat(events).doesNotContain("shutdown");

                release.complete(null);
                String answer = new String(slow.reader().read(-1), StandardCharsets.UTF_8);
                closing.await();

                assertThat(answer).contains("Connection: close\r\n").endsWith("finished");
                assertThat(runner.connectionCount()).isZero();
            }
        } finally {
            runner.close();
        }
        assertThat(events).containsExactly("startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void closingOneSiteLeavesTheOthersServing() throws Exception {
        Path socket = dir.resolve("other.sock");
        // Two workers: the closed site's listener on the worker loop must close too.
        try (var runner = AppRunner.start(app(), config().withWorkers(2))) {
            var closed = runner.addTcpSite("127.0.0.1", 0);
            var unix = runner.addUnixSite(socket);
            int port = closed.port();
            try (var kept = RawClient.connect(port)) {
                assertThat(body(kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response()))
                        .startsWith("http ");

                closed.close();
                closed.close(); // idempotent

                assertThat(closed.isClosed()).isTrue();
                assertThat(runner.sites()).containsExactly(unix);
                assertThatThrownBy(() -> RawClient.connect(port)).isInstanceOf(IOException.class);
                assertThat(overUnix(socket, "/")).startsWith("HTTP/1.1 200 OK");
                // A connection the closed site accepted is served on until it ends.
                assertThat(body(kept.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n").response()))
                        .startsWith("http ");
                var again = runner.addTcpSite("127.0.0.1", 0);
                assertThat(body(overTcp(again, "/"))).startsWith("http ");
            }
            assertThat(events).containsExactly("startup", "open");
        }
        assertThat(events).containsExactly("startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void aSiteWhosePortIsInUseFailsAloneAndTheRunnerServesOn() throws Exception {
        try (var taken = ServerSocketChannel.open();
                var runner = AppRunner.start(app(), config().withWorkers(2))) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            var serving = runner.addTcpSite("127.0.0.1", 0);

            assertThatThrownBy(() -> runner.addTcpSite("127.0.0.1", port)).isInstanceOf(BindException.class);

            assertThat(runner.sites()).containsExactly(serving);
            assertThat(body(overTcp(serving, "/"))).startsWith("http ");
        }
        assertThat(events).containsExactly("startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void anHttpServerWhosePortIsInUseLeavesNothingRunningAndItsHooksCleanedUp() throws Exception {
        try (var taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();

            // Two workers: their loops and threads must end too (the leak check would see them).
            assertThatThrownBy(() -> HttpServer.start(app(), config().withWorkers(2), "127.0.0.1", port))
                    .isInstanceOf(BindException.class);
            assertThatThrownBy(() -> HttpServer.start(
                            app(), config().withWorkers(2).withSingleAcceptor(true), "127.0.0.1", port))
                    .isInstanceOf(BindException.class);
        }
        assertThat(events)
                .containsExactly("startup", "open", "shutdown", "close", "startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void withTwoWorkersEveryTcpSiteIsServedByBothLoops() throws Exception {
        Path socket = dir.resolve("workers.sock");
        try (var runner = AppRunner.start(app(), config().withWorkers(2))) {
            var first = runner.addTcpSite("127.0.0.1", 0);
            var second = runner.addTcpSite("127.0.0.1", 0);
            runner.addUnixSite(socket);

            assertThat(loopsServing(first)).hasSize(2).contains(loopName());
            assertThat(loopsServing(second)).hasSize(2).contains(loopName());
            assertThat(overUnix(socket, "/"))
                    .as("a Unix site is the runner's loop's")
                    .endsWith(" " + loopName());
            assertThat(runner.toString()).contains("workers=2");
        }
        assertThat(events).containsExactly("startup", "open", "shutdown", "close");
    }

    @AsyncioTest(realClock = true)
    void withASingleAcceptorEveryTcpSiteIsHandedToBothLoops() throws Exception {
        try (var runner = AppRunner.start(app(), config().withWorkers(2).withSingleAcceptor(true));
                var https = httpsSession()) {
            var plain = runner.addTcpSite("127.0.0.1", 0);
            var secure = runner.addTcpSite("127.0.0.1", 0, pki.serverTls());

            assertThat(loopsServing(plain)).hasSize(2);
            var secureLoops = new HashSet<String>();
            for (int i = 0; i < 2; i++) { // round-robin: two connections reach both loops
                try (var r = https.get("https://localhost:" + secure.port() + "/")) {
                    String text = r.text();
                    assertThat(text).startsWith("https ");
                    secureLoops.add(text.substring(6));
                }
            }
            assertThat(secureLoops).hasSize(2);
            assertThat(secure.toString()).contains("tls", "single acceptor");
        }
    }

    @AsyncioTest(realClock = true)
    void cancellingServeForeverShutsEverySiteDownGracefullyAndRethrows() throws Exception {
        var runner = AppRunner.start(app(), config());
        try {
            var plain = runner.addTcpSite("127.0.0.1", 0);
            var unix = runner.addUnixSite(dir.resolve("forever.sock"));
            var serving = Asyncio.createTask(runner::serveForever);
            Asyncio.sleep(Duration.ZERO); // it runs up to its wait

            serving.cancel(); // Ctrl-C under Asyncio.runMain

            assertThatThrownBy(serving::await).isInstanceOf(CancellationException.class);
            assertThat(plain.isClosed()).isTrue();
            assertThat(unix.isClosed()).isTrue();
            assertThat(events).containsExactly("startup", "open", "shutdown", "close");
        } finally {
            runner.shutdown(Duration.ZERO);
        }
    }

    @AsyncioTest(realClock = true)
    void aListenOnAWorkerLoopCancelledWhileWaitingClosesTheListenerItMade() throws Exception {
        var worker = new Worker(new Application(), config(), new AtomicInteger(), 1);
        try {
            Asyncio.await(worker.ready);
            var entered = new CompletableFuture<@Nullable Void>();
            var gate = new CompletableFuture<@Nullable Void>();
            var closed = new CompletableFuture<@Nullable Void>();
            Listener made = new Listener() {
                @Override
                public int port() {
                    return -1;
                }

                @Override
                public List<SocketAddress> addresses() {
                    return List.of();
                }

                @Override
                public void close() {
                    closed.complete(null);
                }
            };
            var listening = Asyncio.createTask(() -> worker.listen((loop, context, reusePort) -> {
                entered.complete(null);
                Asyncio.await(gate); // the worker loop is still binding when the caller gives up
                return made;
            }));
            Asyncio.await(entered);

            listening.cancel();
            assertThatThrownBy(listening::await).isInstanceOf(CancellationException.class);
            gate.complete(null);

            // Closed at once, not when the worker stops: nobody owns it, and it must not accept meanwhile.
            Asyncio.withTimeout(Duration.ofSeconds(10), () -> Asyncio.await(closed));
        } finally {
            worker.stop(Duration.ZERO);
        }
    }

    /** The loops that answer new connections to {@code site} (the kernel spreads them; 64 tries at most). */
    private static Set<String> loopsServing(Site site) throws IOException {
        Set<String> loops = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < 64 && loops.size() < 2; i++) {
            String text = body(overTcp(site, "/"));
            assertThat(text).startsWith("http ");
            loops.add(text.substring(5));
        }
        return loops;
    }
}
