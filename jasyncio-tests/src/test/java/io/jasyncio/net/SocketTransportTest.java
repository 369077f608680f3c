package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.io.TempDir;

/** Edge cases of the selector transport: addresses after close, sendfile arguments and exclusivity, flow control. */
class SocketTransportTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A server whose single client connection is handed to the test. */
    private static Server acceptOne(Future<Connection> accepted) throws Exception {
        return Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
    }

    @AsyncioTest(realClock = true)
    void peernameAndSocknameOutliveTheConnection() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<@Nullable Object> peerInLost = loop.createFuture();
        try (Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
            var conn = Networking.of(loop)
                    .createConnection(
                            () -> new Protocol() {
                                @Nullable
                                Transport transport;

                                @Override
                                public void connectionMade(Transport t) {
                                    transport = t;
                                }

                                @Override
                                public void dataReceived(ByteBuffer data) {}

                                @Override
                                public void connectionLost(@Nullable Exception exception) {
                                    Transport t = transport;
                                    peerInLost.setResult(t == null ? null : t.extraInfo("peername"));
                                }
                            },
                            "127.0.0.1",
                            server.port());
            Transport t = conn.transport();
            Object peer = t.extraInfo("peername");
            Object local = t.extraInfo("sockname");
            assertThat(peer).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
            assertThat(local).isInstanceOf(InetSocketAddress.class);
            assertThat(peerInLost.await()).isEqualTo(peer); // the server closed: connectionLost can still log it
            assertThat(t.isClosing()).isTrue();
            assertThat(t.extraInfo("peername")).isEqualTo(peer);
            assertThat(t.extraInfo("sockname")).isEqualTo(local);
        }
    }

    @AsyncioTest(realClock = true)
    void sendfileTakesAHugeCountAsUpToTheEndAndNamesABadOffset(@TempDir Path dir) throws Exception {
        byte[] content = new byte[100_000];
        new Random(7).nextBytes(content);
        Path file = dir.resolve("data.bin");
        Files.write(file, content);
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        try (Server server = acceptOne(accepted);
                Connection client = Streams.openConnection("127.0.0.1", server.port());
                FileChannel fc = FileChannel.open(file)) {
            Transport t = accepted.await().writer().transport();
            assertThat(Networking.of(loop).sendfile(t, fc, 10, Long.MAX_VALUE)).isEqualTo(content.length - 10L);
            assertThat(client.reader().readExactly(content.length - 10))
                    .isEqualTo(Arrays.copyOfRange(content, 10, content.length));
            assertThatThrownBy(() -> Networking.of(loop).sendfile(t, fc, -1, 10))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("offset")
                    .hasMessageContaining("-1");
            assertThat(Networking.of(loop).sendfile(t, fc, content.length + 5L, 10))
                    .isZero();
            accepted.resultNow().close();
        }
    }

    @AsyncioTest(realClock = true)
    void writeDuringSendfileIsRefusedAndTheFileArrivesIntact(@TempDir Path dir) throws Exception {
        byte[] content = new byte[32 * 1024 * 1024];
        new Random(3).nextBytes(content);
        Path file = dir.resolve("big.bin");
        Files.write(file, content);
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        try (Server server = acceptOne(accepted);
                Connection client = Streams.openConnection("127.0.0.1", server.port());
                FileChannel fc = FileChannel.open(file)) {
            StreamWriter w = accepted.await().writer();
            // small socket buffers, so that the file cannot fit in them whatever the system's TCP tuning
            ((SocketChannel) Objects.requireNonNull(w.extraInfo("socket")))
                    .setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
            ((SocketChannel) Objects.requireNonNull(client.writer().extraInfo("socket")))
                    .setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            Task<Long> sending = Asyncio.createTask(() -> Networking.of(loop).sendfile(w.transport(), fc, 0, -1));
            // the client does not read yet, so the sendfile stops mid-way, waiting for the socket
            Polling.until(() -> sending.toString().contains("waiting"), "the sendfile waits for the socket");
            assertThat(sending.isDone()).isFalse();
            assertThatThrownBy(() -> w.write(bytes("XXXX")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("sendfile");
            assertThat(client.reader().readExactly(content.length)).isEqualTo(content);
            assertThat(sending.await()).isEqualTo(content.length);
            w.write(bytes("after")); // allowed again once the sendfile returned
            assertThat(client.reader().readExactly(5)).isEqualTo(bytes("after"));
            w.close();
        }
    }

    /**
     * A task keeps writing whenever the buffer has drained, whatever the protocol was told: a resume that arrives
     * after a new pause would leave the protocol believing it may write although the buffer is full.
     */
    @AsyncioTest(realClock = true)
    void pauseAndResumeWritingStrictlyAlternate() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        List<String> events = new ArrayList<>();
        Future<@Nullable Void> lost = loop.createFuture();
        try (Server server = acceptOne(accepted)) {
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
                                }

                                @Override
                                public void connectionLost(@Nullable Exception exception) {
                                    lost.setResult(null);
                                }
                            },
                            "127.0.0.1",
                            server.port());
            Transport t = conn.transport();
            Connection peer = accepted.await();
            // small socket buffers, so that each chunk overflows into the transport's buffer and pauses the protocol
            ((SocketChannel) Objects.requireNonNull(t.extraInfo("socket")))
                    .setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            ((SocketChannel) Objects.requireNonNull(peer.writer().extraInfo("socket")))
                    .setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            long total = 16L * 1024 * 1024;
            // far above the high-water mark and the socket buffers: every write leaves enough queued to pause
            byte[] chunk = new byte[512 * 1024];
            Task<Long> drainer = Asyncio.createTask(() -> {
                long got = 0;
                while (got < total) {
                    got += peer.reader().read(64 * 1024).length;
                }
                return got;
            });
            long written = 0;
            while (written < total) {
                Asyncio.sleep(Duration.ZERO);
                // Every other write races the resume (it goes as soon as the buffer has drained, before the resume
                // reaches the protocol: the order the fix is about); the others wait for the resume, so that pause
                // and resume happen many times whatever the timing.
                boolean waitForResume = (written / chunk.length) % 2 == 0;
                boolean paused = !events.isEmpty() && events.getLast().equals("pause");
                boolean drained = t.writeBufferSize() <= t.writeBufferLowWater();
                if (waitForResume ? !paused : drained) {
                    t.write(chunk);
                    written += chunk.length;
                }
            }
            assertThat(drainer.await()).isEqualTo(total);
            t.close();
            lost.await(); // after every flow-control callback: the loop runs callbacks in order
            assertThat(events.stream().filter("pause"::equals).count()).isGreaterThan(10);
            for (int i = 0; i < events.size(); i++) {
                assertThat(events.get(i)).as("event %d of %s", i, events).isEqualTo(i % 2 == 0 ? "pause" : "resume");
            }
            peer.close();
            peer.writer().awaitClosed();
        }
    }
}
