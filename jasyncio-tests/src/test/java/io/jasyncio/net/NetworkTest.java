package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transports, protocols, servers, UDP and the low-level socket calls over real loopback sockets. On the real clock
 * (peers answer in real time); {@code @AsyncioTest}'s leak checks make sure no socket outlives its test.
 */
class NetworkTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Echoes through the transport and records the callbacks it gets. */
    static final class EchoProtocol implements Protocol {
        @Nullable
        Transport transport;

        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (transport != null) {
                transport.write(data);
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            events.add("lost");
        }
    }

    @AsyncioTest(realClock = true)
    void protocolServerEchoesAndReportsItsLifecycle() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<EchoProtocol> made = new ArrayList<>();
        Server server = Networking.of(loop)
                .createServer(
                        () -> {
                            EchoProtocol p = new EchoProtocol();
                            made.add(p);
                            return p;
                        },
                        "127.0.0.1",
                        0);
        assertThat(server.isServing()).isTrue();
        assertThat(server.addresses()).hasSize(1);
        try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
            c.writer().write(bytes("ping"));
            assertThat(c.reader().readExactly(4)).isEqualTo(bytes("ping"));
            assertThat(c.writer().extraInfo("peername")).isInstanceOf(InetSocketAddress.class);
            c.writer().writeEof();
            assertThat(c.reader().read(10)).isEmpty();
        }
        server.close();
        server.awaitClosed();
        assertThat(made).hasSize(1);
        assertThat(made.get(0).events).containsExactly("made", "eof", "lost");
        assertThat(server.addresses()).isEmpty();
    }

    @AsyncioTest(realClock = true)
    void writeBufferLimitsPauseAndResumeTheProtocol() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        try (Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0)) {
            List<String> events = new ArrayList<>();
            Future<@Nullable Void> resumed = loop.createFuture();
            var conn = Networking.of(loop)
                    .createConnection(
                            () -> new Protocol() {
                                @Override
                                public void dataReceived(ByteBuffer data) {}

                                @Override
                                public void pauseWriting() {
                                    events.add("pause");
                                }

                                @Override
                                public void resumeWriting() {
                                    events.add("resume");
                                    resumed.setResult(null);
                                }
                            },
                            "127.0.0.1",
                            server.port());
            Transport t = conn.transport();
            assertThat(t.writeBufferHighWater()).isEqualTo(64 * 1024);
            assertThat(t.writeBufferLowWater()).isEqualTo(16 * 1024);
            t.setWriteBufferLimits(1024, 512);
            Connection peer = accepted.await();
            byte[] big = new byte[8 * 1024 * 1024];
            t.write(big);
            assertThat(events).containsExactly("pause");
            assertThat(t.writeBufferSize()).isGreaterThan(1024);
            long got = 0;
            while (got < big.length) {
                got += peer.reader().read(1 << 20).length;
            }
            resumed.await();
            assertThat(events).containsExactly("pause", "resume");
            assertThat(t.isReading()).isTrue();
            t.pauseReading();
            assertThat(t.isReading()).isFalse();
            t.resumeReading();
            t.close();
            assertThatThrownBy(() -> t.write(bytes("x"))).isInstanceOf(IllegalStateException.class);
            peer.close();
        }
    }

    @AsyncioTest(realClock = true)
    void peerResetMidReadRaisesSocketException() throws Exception {
        EventLoop loop = Asyncio.loop();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Task<Connection> client = Asyncio.createTask(() -> Streams.openConnection("127.0.0.1", port));
            SocketChannel peer = Networking.of(loop).sockAccept(listener);
            Connection c = client.await();
            Task<byte[]> read = Asyncio.createTask(() -> c.reader().readExactly(100));
            Networking.of(loop).sockSendAll(peer, ByteBuffer.wrap(bytes("partial")));
            Polling.until(() -> c.reader().buffered() == 7, "the partial bytes reached the reader");
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close(); // RST
            assertThatThrownBy(read::await).hasCauseInstanceOf(SocketException.class);
            assertThatThrownBy(() -> c.writer().drain()).isInstanceOf(SocketException.class);
            c.close();
        }
    }

    @AsyncioTest(realClock = true)
    void failingHandlerClosesOnlyItsOwnConnection() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.message()));
        try (Server server = Streams.startServer(
                (r, w) -> {
                    byte[] line = r.readLine();
                    if (new String(line, StandardCharsets.UTF_8).startsWith("boom")) {
                        throw new IllegalStateException("handler failed");
                    }
                    w.write(line);
                    w.drain();
                    w.close();
                },
                "127.0.0.1",
                0)) {
            try (Connection bad = Streams.openConnection("127.0.0.1", server.port());
                    Connection good = Streams.openConnection("127.0.0.1", server.port())) {
                bad.writer().write(bytes("boom\n"));
                assertThat(bad.reader().read(10)).isEmpty();
                good.writer().write(bytes("fine\n"));
                assertThat(good.reader().readLine()).isEqualTo(bytes("fine\n"));
            }
            assertThat(server.isServing()).isTrue();
        }
        assertThat(reported).containsExactly("unhandled exception in client handler");
    }

    @AsyncioTest(realClock = true)
    void serverLifecycleStartServingCloseClientsAndServeForeverCancellation() throws Exception {
        EventLoop loop = Asyncio.loop();
        Server server = Networking.of(loop)
                .createServer(
                        EchoProtocol::new,
                        "127.0.0.1",
                        0,
                        ServerOptions.defaults().withStartServing(false));
        assertThat(server.isServing()).isFalse();
        Task<@Nullable Void> forever = Asyncio.createTask(() -> {
            server.serveForever();
            return null;
        });
        Asyncio.sleep(Duration.ZERO);
        assertThat(server.isServing()).isTrue();
        int port = server.port();
        Connection c = Streams.openConnection("127.0.0.1", port);
        c.writer().write(bytes("x"));
        assertThat(c.reader().readExactly(1)).isEqualTo(bytes("x"));
        forever.cancel();
        assertThatThrownBy(forever::await).isInstanceOf(io.jasyncio.CancelledException.class);
        assertThat(server.isServing()).isFalse();
        Task<@Nullable Void> closing = Asyncio.createTask(() -> {
            server.awaitClosed();
            return null;
        });
        Asyncio.sleep(Duration.ZERO);
        assertThat(closing.isDone()).isFalse(); // a client is still connected
        server.closeClients();
        closing.await();
        assertThat(c.reader().read(10)).isEmpty();
        c.close();
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port)).isInstanceOf(ConnectException.class);
    }

    @AsyncioTest(realClock = true)
    void unixServerReplacesAStaleSocketFileAndRemovesItOnClose(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("echo.sock");
        // a dead server's socket file: bound, then the listener closed without unlinking
        ServerSocketChannel dead = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX);
        dead.bind(java.net.UnixDomainSocketAddress.of(path));
        dead.close();
        assertThat(path).exists();
        try (Server server = Streams.startUnixServer(
                (r, w) -> {
                    w.write(r.readLine());
                    w.close();
                },
                path)) {
            assertThat(server.isServing()).isTrue();
            try (Connection c = Streams.openUnixConnection(path)) {
                c.writer().write(bytes("unix\n"));
                assertThat(c.reader().readLine()).isEqualTo(bytes("unix\n"));
            }
            assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> {}, path))
                    .isInstanceOf(IOException.class);
        }
        assertThat(path).doesNotExist();
    }

    @AsyncioTest(realClock = true)
    void datagramEndpointsExchangeDatagrams() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<@Nullable Exception> serverLost = loop.createFuture();
        Future<@Nullable Exception> clientLost = loop.createFuture();
        var server = Networking.of(loop)
                .createDatagramEndpoint(
                        () -> new DatagramProtocol() {
                            @Nullable
                            DatagramTransport t;

                            @Override
                            public void connectionMade(DatagramTransport transport) {
                                t = transport;
                            }

                            @Override
                            public void datagramReceived(ByteBuffer data, SocketAddress from) {
                                if (t != null) {
                                    t.sendTo(data, from);
                                }
                            }

                            @Override
                            public void connectionLost(@Nullable Exception exception) {
                                serverLost.setResult(exception);
                            }
                        },
                        new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0),
                        null,
                        DatagramOptions.defaults());
        SocketAddress serverAddr = (SocketAddress) server.transport().extraInfo("sockname");
        assertThat(serverAddr).isNotNull();
        Future<String> reply = loop.createFuture();
        var client = Networking.of(loop)
                .createDatagramEndpoint(
                        () -> new DatagramProtocol() {
                            @Override
                            public void datagramReceived(ByteBuffer data, SocketAddress from) {
                                reply.setResult(
                                        StandardCharsets.UTF_8.decode(data).toString());
                            }

                            @Override
                            public void connectionLost(@Nullable Exception exception) {
                                clientLost.setResult(exception);
                            }
                        },
                        null,
                        serverAddr,
                        DatagramOptions.defaults());
        client.transport().send(bytes("hello udp"));
        assertThat(reply.await()).isEqualTo("hello udp");
        assertThatThrownBy(() -> client.transport().sendTo(ByteBuffer.allocate(1), new InetSocketAddress(1)))
                .isInstanceOf(IllegalArgumentException.class);
        client.transport().close();
        server.transport().close();
        assertThat(clientLost.await()).isNull();
        assertThat(serverLost.await()).isNull();
    }

    @AsyncioTest(realClock = true)
    void lowLevelSocketCallsAndSendfileMoveBytes(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("data.bin");
        byte[] content = new byte[3 * 1024 * 1024 + 5];
        new Random(1).nextBytes(content);
        Files.write(file, content);
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        try (Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
                SocketChannel raw = SocketChannel.open();
                FileChannel fc = FileChannel.open(file)) {
            Networking.of(loop)
                    .sockConnect(raw, new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port()));
            Connection peer = accepted.await();
            Networking.of(loop).sockSendAll(raw, ByteBuffer.wrap(bytes("raw bytes")));
            assertThat(peer.reader().readExactly(9)).isEqualTo(bytes("raw bytes"));
            peer.writer().write(bytes("back"));
            ByteBuffer in = ByteBuffer.allocate(16);
            while (in.position() < 4) {
                Networking.of(loop).sockRecv(raw, in);
            }
            assertThat(new String(in.array(), 0, 4, StandardCharsets.UTF_8)).isEqualTo("back");
            Task<byte[]> reader = Asyncio.createTask(() -> {
                ByteBuffer all = ByteBuffer.allocate(content.length - 10);
                while (all.hasRemaining()) {
                    if (Networking.of(loop).sockRecv(raw, all) < 0) {
                        break;
                    }
                }
                return all.array();
            });
            long sent = Networking.of(loop).sendfile(peer.writer().transport(), fc, 10, -1);
            assertThat(sent).isEqualTo(content.length - 10);
            assertThat(reader.await()).isEqualTo(java.util.Arrays.copyOfRange(content, 10, content.length));
            peer.close();
        }
    }

    @AsyncioTest(realClock = true)
    void happyEyeballsFindsTheListeningFamily() throws Exception {
        try (Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
            Connection c = Streams.openConnection(
                    "localhost",
                    server.port(),
                    ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(50)),
                    StreamReader.DEFAULT_LIMIT);
            assertThat(c.reader().read(10)).isEmpty();
            c.close();
        }
    }

    @Test
    void interleavingAlternatesAddressFamilies() throws Exception {
        InetSocketAddress a6 = new InetSocketAddress(java.net.InetAddress.ofLiteral("::1"), 1);
        InetSocketAddress b6 = new InetSocketAddress(java.net.InetAddress.ofLiteral("::2"), 1);
        InetSocketAddress a4 = new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.1"), 1);
        InetSocketAddress b4 = new InetSocketAddress(java.net.InetAddress.ofLiteral("127.0.0.2"), 1);
        assertThat(io.jasyncio.internal.net.HappyEyeballs.order(List.of(a6, b6, a4, b4), 1))
                .containsExactly(a6, a4, b6, b4);
    }

    @AsyncioTest(realClock = true)
    void refusedConnectionAndConnectTimeoutFailClearly() throws Exception {
        int freePort;
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
            freePort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", freePort)).isInstanceOf(ConnectException.class);
        // a listener whose backlog is full drops further SYNs, so connecting hangs until the timeout
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<Connection> fillers = new ArrayList<>();
            ConnectOptions quick = ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
            try {
                boolean timedOut = false;
                for (int i = 0; i < 8 && !timedOut; i++) {
                    try {
                        fillers.add(Streams.openConnection("127.0.0.1", port, quick, 1024));
                    } catch (SocketTimeoutException e) {
                        timedOut = true;
                    }
                }
                assertThat(timedOut).isTrue();
            } finally {
                for (Connection f : fillers) {
                    f.close();
                }
            }
        }
    }

    @AsyncioTest(realClock = true)
    void bufferedProtocolReceivesIntoItsOwnBufferAndPauseReadingStopsDelivery() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<Future<Connection>> accepted = List.of(loop.createFuture(), loop.createFuture());
        int[] acceptedCount = {0};
        try (Server server = Streams.startServer(
                (r, w) -> accepted.get(acceptedCount[0]++).setResult(new Connection(r, w)), "127.0.0.1", 0)) {
            ByteBuffer mine = ByteBuffer.allocate(4096);
            int[] updates = new int[1];
            Future<@Nullable Void> eof = loop.createFuture();
            Future<@Nullable Void> lost = loop.createFuture();
            var conn = Networking.of(loop)
                    .createConnection(
                            () -> new BufferedProtocol() {
                                @Override
                                public ByteBuffer getBuffer(int sizeHint) {
                                    return mine;
                                }

                                @Override
                                public void bufferUpdated(int n) {
                                    updates[0]++;
                                }

                                @Override
                                public boolean eofReceived() {
                                    eof.setResult(null);
                                    return false;
                                }

                                @Override
                                public void connectionLost(@Nullable Exception exception) {
                                    lost.setResult(null);
                                }
                            },
                            "127.0.0.1",
                            server.port());
            Connection peer = accepted.get(0).await();
            // a witness connection that is not paused: once it has received what was sent after the paused
            // connection's bytes, those bytes too were there to read (loopback delivers in the sender's write)
            Connection witness = Streams.openConnection("127.0.0.1", server.port());
            Connection witnessPeer = accepted.get(1).await();
            conn.transport().pauseReading();
            peer.writer().write(bytes("while paused"));
            peer.writer().drain();
            witnessPeer.writer().write(bytes("not paused"));
            assertThat(witness.reader().readExactly(10)).isEqualTo(bytes("not paused"));
            Asyncio.sleep(Duration.ZERO);
            assertThat(updates[0]).isZero();
            conn.transport().resumeReading();
            peer.writer().writeEof();
            eof.await();
            assertThat(new String(mine.array(), 0, mine.position(), StandardCharsets.UTF_8))
                    .isEqualTo("while paused");
            lost.await();
            peer.close();
            witness.close();
            witnessPeer.close();
            peer.writer().awaitClosed();
            witness.writer().awaitClosed();
            witnessPeer.writer().awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void cancelledConnectLeavesNothingBehind() throws Exception {
        EventLoop loop = Asyncio.loop();
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.bind(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<Connection> fillers = new ArrayList<>();
            ConnectOptions quick = ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(100));
            try {
                for (int i = 0; i < 8; i++) {
                    try {
                        fillers.add(Streams.openConnection("127.0.0.1", port, quick, 1024));
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                }
                Task<Connection> hanging = Asyncio.createTask(() -> Streams.openConnection("127.0.0.1", port));
                Polling.until(() -> hanging.toString().contains("waiting"), "the connect is under way");
                assertThat(hanging.isDone()).isFalse();
                hanging.cancel();
                assertThatThrownBy(hanging::await).isInstanceOf(io.jasyncio.CancelledException.class);
                // the half-made socket is closed: @AsyncioTest's descriptor check fails the test otherwise
                assertThat(loop.allTasks()).hasSize(1);
            } finally {
                for (Connection f : fillers) {
                    f.close();
                }
            }
        }
    }
}
