package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.internal.buffer.SegmentQueue;
import io.jasyncio.testing.AsyncioTest;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The reader's segment buffer: a byte received the way a socket transport receives it ({@code feedBuffer}) is copied
 * once on its way to the caller; reads into a caller's {@link ByteBuffer} keep every rule of the array reads
 * (cancellation, end of file, limits); a drained reader holds no memory.
 */
class StreamReaderCopyTest {

    @BeforeAll
    static void countCopies() {
        SegmentQueue.countCopies(true);
    }

    @AfterAll
    static void stopCounting() {
        SegmentQueue.countCopies(false);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Receives {@code data} the way a socket transport does: straight into the reader's room, in reads of a size. */
    private static void receive(StreamReader reader, byte[] data, int readSize) {
        int at = 0;
        while (at < data.length) {
            ByteBuffer room = reader.feedBuffer(readSize);
            int n = Math.min(Math.min(room.remaining(), readSize), data.length - at);
            room.put(data, at, n);
            reader.commitFeed(n);
            at += n;
        }
    }

    private static SegmentPool pool() {
        return SegmentPool.of(Asyncio.loop());
    }

    @AsyncioTest
    void aReceivedByteIsCopiedOnceOnItsWayIntoTheCallersBufferOrArray() throws Exception {
        for (int size : new int[] {1024, 64 * 1024, 1024 * 1024}) {
            byte[] data = new byte[size];
            new Random(size).nextBytes(data);
            StreamReader reader = new StreamReader(Asyncio.loop(), 2 * size);

            long before = SegmentQueue.copiedBytes();
            receive(reader, data, 64 * 1024);
            ByteBuffer dst = ByteBuffer.allocateDirect(size);
            reader.readExactly(dst);
            assertThat(SegmentQueue.copiedBytes() - before)
                    .as("copies for %d bytes into a buffer", size)
                    .isEqualTo(size);
            assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(data));

            before = SegmentQueue.copiedBytes();
            receive(reader, data, 2048);
            assertThat(reader.readExactly(size)).isEqualTo(data);
            assertThat(SegmentQueue.copiedBytes() - before)
                    .as("copies for %d bytes into an array", size)
                    .isEqualTo(size);
        }
    }

    @AsyncioTest
    void feedCopiesOnceMoreThanReceivingDirectly() throws Exception {
        StreamReader reader = new StreamReader();
        long before = SegmentQueue.copiedBytes();
        reader.feed(new byte[5000]);
        assertThat(reader.read(10_000)).hasSize(5000);
        assertThat(SegmentQueue.copiedBytes() - before).isEqualTo(10_000);
    }

    @AsyncioTest
    void aDrainedReaderHoldsNoSegment() throws Exception {
        StreamReader reader = new StreamReader(Asyncio.loop(), 1024 * 1024);
        reader.feed(new byte[10]); // the first use makes the pool
        reader.read(10);
        int idle = pool().pooled();
        receive(reader, new byte[300_000], SegmentPool.MAX_SIZE);
        assertThat(pool().pooled()).isLessThan(idle + 1);
        reader.readExactly(ByteBuffer.allocate(300_000));
        assertThat(pool().pooled()).as("every segment back in the pool").isGreaterThanOrEqualTo(idle + 3);

        int afterRead = pool().pooled();
        reader.feedBuffer(SegmentPool.MAX_SIZE); // a read that got nothing
        reader.commitFeed(0);
        assertThat(pool().pooled()).isEqualTo(afterRead);
        assertThat(reader.buffered()).isZero();
    }

    @AsyncioTest
    void readIntoABufferWaitsForDataAndReportsTheEndWithMinusOne() throws Exception {
        StreamReader reader = new StreamReader();
        Asyncio.loop().callLater(Duration.ofSeconds(1), () -> receive(reader, bytes("hello world"), 4));
        ByteBuffer dst = ByteBuffer.allocate(5);
        assertThat(reader.read(dst)).isEqualTo(5);
        assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(bytes("hello")));
        assertThat(reader.read(ByteBuffer.allocate(0))).isZero();
        ByteBuffer rest = ByteBuffer.allocateDirect(100);
        assertThat(reader.read(rest)).isEqualTo(6);
        reader.feedEof();
        assertThat(reader.read(rest)).isEqualTo(-1);
        assertThat(reader.atEof()).isTrue();
    }

    @AsyncioTest
    void readExactlyIntoABufferAtEndOfFileCarriesThePartialBytesAndLeavesTheBufferAlone() throws Exception {
        StreamReader reader = new StreamReader();
        receive(reader, bytes("abc"), 2);
        reader.feedEof();
        ByteBuffer dst = ByteBuffer.allocate(10);
        assertThatThrownBy(() -> reader.readExactly(dst)).isInstanceOfSatisfying(IncompleteReadException.class, e -> {
            assertThat(e.partial()).isEqualTo(bytes("abc"));
            assertThat(e.expected()).isEqualTo(10);
        });
        assertThat(dst.position()).isZero();
        assertThat(reader.atEof()).isTrue();
    }

    @AsyncioTest
    void aCancelledReadIntoABufferLosesNoBytesAndLeavesTheBufferAlone() throws Exception {
        StreamReader reader = new StreamReader();
        receive(reader, bytes("abc"), 8);
        ByteBuffer dst = ByteBuffer.allocate(8);
        Task<@Nullable Void> t = Asyncio.createTask(() -> {
            reader.readExactly(dst);
            return null;
        });
        Asyncio.sleep(Duration.ofMillis(10));
        t.cancel();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(dst.position()).isZero();
        receive(reader, bytes("defgh"), 8);
        reader.readExactly(dst);
        assertThat(dst.flip()).isEqualTo(ByteBuffer.wrap(bytes("abcdefgh")));
    }

    /** The lines and limit errors a reader gives for an input fed in pieces, by {@code feed} or received directly. */
    private static List<String> linesOf(byte[] input, int limit, boolean direct) throws Exception {
        StreamReader reader = new StreamReader(Asyncio.loop(), limit);
        Task<@Nullable Void> trickle = Asyncio.createTask(() -> {
            for (byte b : input) {
                if (direct) {
                    receive(reader, new byte[] {b}, 1);
                } else {
                    reader.feed(new byte[] {b});
                }
                Asyncio.sleep(Duration.ZERO);
            }
            reader.feedEof();
            return null;
        });
        List<String> out = new ArrayList<>();
        while (true) {
            try {
                byte[] line = reader.readLine();
                if (line.length == 0) {
                    break;
                }
                out.add(new String(line, StandardCharsets.US_ASCII));
            } catch (LimitOverrunException e) {
                out.add("overrun " + e.consumed() + " buffered " + reader.buffered());
            }
        }
        trickle.await();
        return out;
    }

    @AsyncioTest
    void aOneByteAdversaryGetsTheSameLinesAndLimitErrorsWhenBytesAreReceivedDirectly() throws Exception {
        byte[] input = bytes("first\nsecond line\n" + "x".repeat(40) + "\nlast\n" + "y".repeat(16) + "\nend");
        List<String> fed = linesOf(input, 16, false);
        assertThat(fed).startsWith("first\n", "second line\n").endsWith("end").anyMatch(s -> s.startsWith("overrun"));
        assertThat(linesOf(input, 16, true)).isEqualTo(fed);
    }

    /** A writer over a transport that is not a socket: it records what it is given, or refuses like a closed one. */
    private static StreamWriter writerOver(List<byte[]> written, boolean refuse) {
        Transport transport = (Transport) Proxy.newProxyInstance(
                Transport.class.getClassLoader(), new Class<?>[] {Transport.class}, (proxy, method, args) -> {
                    if (method.getName().equals("write") && args[0] instanceof ByteBuffer b) {
                        if (refuse) {
                            throw new IllegalStateException("cannot write to a closed transport");
                        }
                        byte[] chunk = new byte[b.remaining()];
                        b.get(chunk);
                        written.add(chunk);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
                });
        return new StreamWriter(transport, new StreamProtocol(Asyncio.loop(), 1024, null), null);
    }

    @AsyncioTest
    void transferToAWriterWithoutASocketCopiesOnceAndAtEndOfFileReturnsMinusOne() throws Exception {
        StreamReader reader = new StreamReader();
        List<byte[]> written = new ArrayList<>();
        StreamWriter writer = writerOver(written, false);
        Asyncio.loop().callLater(Duration.ofSeconds(1), () -> receive(reader, bytes("hello world"), 4));
        long before = SegmentQueue.copiedBytes();
        assertThat(reader.transferTo(writer, 5)).isEqualTo(5);
        assertThat(reader.transferTo(writer, 100)).isEqualTo(6);
        assertThat(SegmentQueue.copiedBytes() - before).isEqualTo(11);
        assertThat(written).containsExactly(bytes("hello"), bytes(" world"));
        reader.feedEof();
        assertThat(reader.transferTo(writer, 100)).isEqualTo(-1);
        assertThatThrownBy(() -> reader.transferTo(writer, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncioTest
    void aTransferThatTheWriterRefusesOrThatIsCancelledLeavesTheBytesInTheReader() throws Exception {
        StreamReader reader = new StreamReader();
        List<byte[]> written = new ArrayList<>();
        Task<Long> waiting = Asyncio.createTask(() -> reader.transferTo(writerOver(written, false), 100));
        Asyncio.sleep(Duration.ofMillis(10));
        waiting.cancel();
        assertThatThrownBy(waiting::await).isInstanceOf(CancelledException.class);
        receive(reader, bytes("kept"), 8);
        assertThatThrownBy(() -> reader.transferTo(writerOver(written, true), 100))
                .isInstanceOf(IllegalStateException.class);
        assertThat(written).isEmpty();
        assertThat(reader.read(100)).isEqualTo(bytes("kept"));
    }

    @AsyncioTest
    void receivingPausesTheTransportAboveTwiceTheLimitAndReadingResumesItAtTheLimit() throws Exception {
        List<String> calls = new ArrayList<>();
        Transport transport = (Transport) Proxy.newProxyInstance(
                Transport.class.getClassLoader(), new Class<?>[] {Transport.class}, (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
        StreamReader reader = new StreamReader(Asyncio.loop(), 1000);
        reader.setTransport(transport);
        receive(reader, new byte[2000], 2048);
        assertThat(calls).isEmpty();
        receive(reader, new byte[1], 2048);
        assertThat(calls).containsExactly("pauseReading");
        reader.readExactly(ByteBuffer.allocate(500));
        assertThat(calls).containsExactly("pauseReading");
        reader.readExactly(ByteBuffer.allocate(501));
        assertThat(calls).containsExactly("pauseReading", "resumeReading");
    }
}
