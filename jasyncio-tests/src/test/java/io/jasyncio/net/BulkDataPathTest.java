package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.buffer.SegmentQueue;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk data path over real sockets (issue #11): how often a byte is copied on the way in and out, the adaptive
 * read size a {@link BufferedProtocol} is offered, gathering writes, and the sendfile fallback's buffer.
 */
class BulkDataPathTest {

    @BeforeAll
    static void countCopies() {
        SegmentQueue.countCopies(true);
    }

    @AfterAll
    static void stopCounting() {
        SegmentQueue.countCopies(false);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Reads everything a connection receives until the peer closes. */
    private static byte[] readAll(StreamReader reader) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(100_000);
        while (reader.read(buf.clear()) >= 0) {
            out.write(buf.array(), 0, buf.position());
        }
        return out.toByteArray();
    }

    @AsyncioTest(realClock = true)
    void aByteReceivedOverTcpIsCopiedOnceOnItsWayIntoTheCallersBuffer() throws Exception {
        byte[] payload = random(1024 * 1024 + 13, 1);
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
        try {
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            Thread sender = Thread.ofPlatform()
                    .start(
                            () -> { // a plain blocking socket: no jasyncio copies on its side
                                try (var ch = java.nio.channels.SocketChannel.open(
                                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                                    ByteBuffer src = ByteBuffer.wrap(payload);
                                    while (src.hasRemaining()) {
                                        ch.write(src);
                                    }
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            Connection c = accepted.await();
            long before = SegmentQueue.copiedBytes();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            while (c.reader().read(buf.clear()) >= 0) {
                byte[] chunk = new byte[buf.flip().remaining()];
                buf.get(chunk);
                got.write(chunk);
            }
            long copied = SegmentQueue.copiedBytes() - before;
            c.writer().close();
            sender.join();
            assertThat(got.toByteArray()).isEqualTo(payload);
            assertThat(copied)
                    .as("bytes copied for %d delivered", payload.length)
                    .isEqualTo(payload.length);
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void aRelayServerMovesEveryByteWithoutCopyingIt() throws Exception {
        byte[] payload = random(4 * 1024 * 1024 + 7, 2);
        Server server = Streams.startServer(
                (r, w) -> {
                    try (w) {
                        while (r.transferTo(w, Long.MAX_VALUE) >= 0) {
                            w.drain();
                        }
                    }
                },
                "127.0.0.1",
                0);
        try {
            int port = server.port();
            long before = SegmentQueue.copiedBytes();
            byte[][] echoed = new byte[1][];
            // a plain blocking client (no jasyncio copies on its side): one thread sends, one reads the echo
            Thread client = Thread.ofPlatform().start(() -> {
                try (var ch = java.nio.channels.SocketChannel.open(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port))) {
                    Thread sending = Thread.ofPlatform().start(() -> {
                        try {
                            ByteBuffer src = ByteBuffer.wrap(payload);
                            while (src.hasRemaining()) {
                                ch.write(src);
                            }
                            ch.shutdownOutput();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    ByteBuffer got = ByteBuffer.allocate(payload.length + 1);
                    while (ch.read(got) >= 0) {
                        // until the server closes
                    }
                    sending.join();
                    echoed[0] = java.util.Arrays.copyOf(got.array(), got.position());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Asyncio.toThread(
                    () -> { // joined from another thread: the loop must go on serving the client
                        client.join();
                        return null;
                    });
            assertThat(echoed[0]).isEqualTo(payload);
            assertThat(SegmentQueue.copiedBytes() - before)
                    .as("bytes the relay copied")
                    .isZero();
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void aDirectWriteTheSocketTakesAtOnceIsNotCopiedAndAHeapWriteIsCopiedOnce() throws Exception {
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
        try {
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            try (Connection client = Streams.openConnection("127.0.0.1", port)) {
                Connection peer = accepted.await();
                long before = SegmentQueue.copiedBytes();
                client.writer().write(ByteBuffer.allocateDirect(1024));
                assertThat(client.writer().writeBufferSize()).isZero();
                assertThat(SegmentQueue.copiedBytes() - before)
                        .as("a direct write")
                        .isZero();

                client.writer().write(new byte[1024]);
                assertThat(client.writer().writeBufferSize()).isZero();
                assertThat(SegmentQueue.copiedBytes() - before)
                        .as("a heap write")
                        .isEqualTo(1024);
                peer.reader().readExactly(ByteBuffer.allocate(2048));
                peer.writer().close();
            }
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    /** A buffered protocol that records the size hints it is offered and says when a count of bytes arrived. */
    private static final class HintRecorder implements BufferedProtocol {
        final List<Integer> hints = new ArrayList<>();
        final ByteBuffer buffer = ByteBuffer.allocateDirect(SegmentPool.MAX_SIZE);
        final EventLoop loop = Asyncio.loop();
        long received;
        long awaited = Long.MAX_VALUE;
        Future<@Nullable Void> reached = loop.createFuture();

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int n) {
            received += n;
            if (received >= awaited) {
                reached.trySetResult(null);
            }
        }

        void awaitTotal(long total) {
            if (received < total) {
                reached = loop.createFuture();
                awaited = total;
                reached.await();
            }
        }
    }

    @AsyncioTest(realClock = true)
    void aBufferedProtocolIsOfferedSmallReadsForSmallMessagesAndLargeOnesForBulk() throws Exception {
        EventLoop loop = Asyncio.loop();
        HintRecorder recorder = new HintRecorder();
        Server server = Networking.of(loop).createServer(() -> recorder, "127.0.0.1", 0);
        try {
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            try (Connection client = Streams.openConnection("127.0.0.1", port)) {
                long total = 0;
                for (int i = 0; i < 20; i++) { // chatty: one 1 KiB message at a time
                    client.writer().write(new byte[1024]);
                    total += 1024;
                    recorder.awaitTotal(total);
                }
                assertThat(recorder.hints).as("chatty").allMatch(h -> h == 2 * 1024);
                int chatty = recorder.hints.size();
                client.writer().write(new byte[8 * 1024 * 1024]); // bulk
                total += 8 * 1024 * 1024;
                recorder.awaitTotal(total);
                assertThat(recorder.hints.subList(chatty, recorder.hints.size()))
                        .as("bulk")
                        .contains(SegmentPool.MAX_SIZE);
            }
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void aProtocolThatIsAlsoABufferedProtocolReceivesIntoItsBufferAsInAsyncio() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<String> how = loop.createFuture();
        final class Both implements Protocol, BufferedProtocol {
            final ByteBuffer buf = ByteBuffer.allocateDirect(1024);

            @Override
            public void connectionMade(Transport transport) {}

            @Override
            public void dataReceived(ByteBuffer data) {
                how.trySetResult("dataReceived");
            }

            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                return buf.clear();
            }

            @Override
            public void bufferUpdated(int n) {
                how.trySetResult("bufferUpdated");
            }

            @Override
            public boolean eofReceived() {
                return false;
            }
        }
        Server server = Networking.of(loop).createServer(Both::new, "127.0.0.1", 0);
        try {
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            try (Connection client = Streams.openConnection("127.0.0.1", port)) {
                client.writer().write(new byte[] {1});
                assertThat(how.await()).isEqualTo("bufferUpdated");
            }
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    @AsyncioTest(realClock = true)
    void gatheringWritesSendEveryBufferInOrder() throws Exception {
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
        try {
            int port = ((InetSocketAddress) server.addresses().get(0)).getPort();
            Connection client = Streams.openConnection("127.0.0.1", port);
            Connection peer = accepted.await();
            Task<byte[]> reading = Asyncio.createTask(() -> readAll(peer.reader()));
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            Random rnd = new Random(3);
            for (int round = 0; round < 30; round++) {
                ByteBuffer[] pieces = new ByteBuffer[1 + rnd.nextInt(5)];
                for (int i = 0; i < pieces.length; i++) {
                    byte[] b = random(rnd.nextInt(3) == 0 ? 200_000 : rnd.nextInt(3000), round * 10L + i);
                    expected.write(b);
                    pieces[i] = rnd.nextBoolean()
                            ? ByteBuffer.wrap(b)
                            : ByteBuffer.allocateDirect(b.length).put(b).flip();
                }
                client.writer().write(pieces);
                assertThat(pieces).allMatch(p -> !p.hasRemaining());
                byte[] line = random(100, round);
                expected.write(line);
                expected.write(line);
                client.writer().writeLines(List.of(line, line));
                client.writer().drain();
            }
            client.writer().close();
            assertThat(reading.await()).isEqualTo(expected.toByteArray());
            peer.writer().close();
        } finally {
            server.close();
            server.awaitClosed();
        }
    }

    @AsyncioTest
    void sendfileOverATransportWithoutASocketWritesFromADirectBuffer(@TempDir Path dir) throws Exception {
        byte[] content = random(300_000, 9);
        Path file = dir.resolve("f");
        Files.write(file, content);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        List<Boolean> direct = new ArrayList<>();
        Transport transport = (Transport) Proxy.newProxyInstance(
                Transport.class.getClassLoader(), new Class<?>[] {Transport.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write") && args[0] instanceof ByteBuffer b) {
                        direct.add(b.isDirect());
                        byte[] chunk = new byte[b.remaining()];
                        b.get(chunk);
                        written.write(chunk);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
        try (FileChannel fc = FileChannel.open(file)) {
            assertThat(Networking.of(Asyncio.loop()).sendfile(transport, fc, 5, -1))
                    .isEqualTo(content.length - 5L);
        }
        assertThat(direct).isNotEmpty().containsOnly(true);
        assertThat(written.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, 5, content.length));
    }
}
