package io.jasyncio.internal.buffer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The segment list under stream readers and socket write queues, checked against a plain byte array. */
class SegmentQueueTest {

    /** A model: the bytes a queue should hold, first byte first. */
    private static final class Model {
        private byte[] bytes = new byte[0];

        void add(byte[] b) {
            byte[] n = Arrays.copyOf(bytes, bytes.length + b.length);
            System.arraycopy(b, 0, n, bytes.length, b.length);
            bytes = n;
        }

        byte[] take(int n) {
            byte[] out = Arrays.copyOf(bytes, n);
            bytes = Arrays.copyOfRange(bytes, n, bytes.length);
            return out;
        }

        long indexOf(byte[] sep, long from) {
            outer:
            for (int i = (int) from; i <= bytes.length - sep.length; i++) {
                for (int k = 0; k < sep.length; k++) {
                    if (bytes[i + k] != sep[k]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random(Random rnd, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + rnd.nextInt(3)); // a small alphabet, so separators match often
        }
        return b;
    }

    @Test
    void randomWritesReceivesReadsAndSearchesAgreeWithAPlainArray() {
        Random rnd = new Random(11);
        SegmentPool pool = new SegmentPool(SegmentPool.DEFAULT_MAX_BYTES);
        SegmentQueue q = new SegmentQueue(pool);
        Model m = new Model();
        for (int step = 0; step < 3000; step++) {
            int size = rnd.nextInt(4) == 0 ? rnd.nextInt(300_000) : rnd.nextInt(3000);
            switch (rnd.nextInt(8)) {
                case 0 -> { // copy in, from a heap or a direct buffer
                    byte[] b = random(rnd, size);
                    ByteBuffer src = rnd.nextBoolean()
                            ? ByteBuffer.wrap(b)
                            : ByteBuffer.allocateDirect(size).put(b).flip();
                    q.write(src);
                    assertThat(src.hasRemaining()).isFalse();
                    m.add(b);
                }
                case 1 -> { // receive straight into the tail, as a socket read does
                    ByteBuffer room = q.writable(size);
                    assertThat(room.isDirect()).isTrue();
                    assertThat(room.hasRemaining()).isTrue();
                    byte[] b = random(rnd, Math.min(room.remaining(), rnd.nextInt(size + 1)));
                    room.put(b);
                    q.commit(b.length);
                    m.add(b);
                }
                case 2 -> {
                    int n = (int) Math.min(q.size(), size);
                    assertThat(q.readByteArray(n)).isEqualTo(m.take(n));
                }
                case 3 -> {
                    int n = (int) Math.min(q.size(), size);
                    ByteBuffer dst = rnd.nextBoolean() ? ByteBuffer.allocate(n + 3) : ByteBuffer.allocateDirect(n + 3);
                    dst.position(3);
                    q.read(dst, n);
                    assertThat(dst.position()).isEqualTo(n + 3);
                    byte[] got = new byte[n];
                    dst.get(3, got);
                    assertThat(got).isEqualTo(m.take(n));
                }
                case 4 -> {
                    int n = (int) Math.min(q.size(), size);
                    q.skip(n);
                    m.take(n);
                }
                case 6 -> { // move to another queue (whole segments change hands) and back behind the rest
                    int n = (int) Math.min(q.size(), size);
                    SegmentQueue other = new SegmentQueue(pool);
                    other.write(ByteBuffer.wrap(ascii("x")));
                    other.skip(1); // an empty queue that has been used
                    q.moveTo(other, n);
                    assertThat(other.size()).isEqualTo(n);
                    byte[] moved = m.take(n);
                    other.moveTo(q, n);
                    m.add(moved);
                    assertThat(other.size()).isZero();
                }
                case 5 -> {
                    byte[] sep = random(rnd, 1 + rnd.nextInt(4));
                    long from = q.size() == 0 ? 0 : rnd.nextLong(q.size() + 2);
                    assertThat(q.indexOf(sep, from)).as("indexOf from %d", from).isEqualTo(m.indexOf(sep, from));
                    assertThat(q.rangeEquals(from, sep))
                            .as("rangeEquals at %d", from)
                            .isEqualTo(m.indexOf(sep, from) == from);
                }
                default -> {
                    if (q.size() > 0) {
                        long i = rnd.nextLong(q.size());
                        assertThat(q.get(i)).isEqualTo(m.bytes[(int) i]);
                    }
                }
            }
            assertThat(q.size()).isEqualTo(m.bytes.length);
        }
    }

    @Test
    void movingBytesHandsOverWholeSegmentsAndCopiesOnlyASplitOne() {
        SegmentQueue.countCopies(true);
        try {
            SegmentPool pool = new SegmentPool(SegmentPool.DEFAULT_MAX_BYTES);
            SegmentQueue from = new SegmentQueue(pool);
            byte[] data = random(new Random(2), 300_000);
            int at = 0;
            while (at < data.length) { // received as a socket read does: three segments of 128 KiB at most
                ByteBuffer room = from.writable(SegmentPool.MAX_SIZE);
                int n = Math.min(room.remaining(), data.length - at);
                room.put(data, at, n);
                from.commit(n);
                at += n;
            }
            SegmentQueue to = new SegmentQueue(pool);
            long before = SegmentQueue.copiedBytes();
            from.moveTo(to, SegmentPool.MAX_SIZE + 10); // one whole segment, and 10 bytes of the next
            assertThat(SegmentQueue.copiedBytes() - before).isEqualTo(10);
            from.moveTo(to, from.size()); // the rest: whole segments
            assertThat(SegmentQueue.copiedBytes() - before).isEqualTo(10);
            assertThat(to.readByteArray(data.length)).isEqualTo(data);
        } finally {
            SegmentQueue.countCopies(false);
        }
    }

    @Test
    void aSeparatorSplitAcrossTwoSegmentsIsFound() {
        SegmentQueue q = new SegmentQueue(new SegmentPool(0));
        ByteBuffer first = q.writable(1);
        int room = first.remaining();
        byte[] head = new byte[room];
        Arrays.fill(head, (byte) 'x');
        head[room - 1] = '\r';
        first.put(head);
        q.commit(room);
        q.write(ByteBuffer.wrap(ascii("\nrest")));

        assertThat(q.indexOf(ascii("\r\n"), 0)).isEqualTo(room - 1);
        assertThat(q.indexOf(ascii("\r\nrest"), room - 2)).isEqualTo(room - 1);
        assertThat(q.indexOf(ascii("\r\nresx"), 0)).isEqualTo(-1);
        assertThat(q.indexOf(ascii("\r\n"), room)).isEqualTo(-1);
        assertThat(q.rangeEquals(room - 1, ascii("\r\nre"))).isTrue();
        assertThat(q.rangeEquals(room - 1, ascii("\r\nx"))).isFalse();
        assertThat(q.rangeEquals(room + 1, ascii("rest"))).isTrue();
        assertThat(q.rangeEquals(room + 1, ascii("rest!"))).isFalse(); // past the end
    }

    @Test
    void anEmptiedQueueGivesEverySegmentBackToThePool() {
        SegmentPool pool = new SegmentPool(SegmentPool.DEFAULT_MAX_BYTES);
        SegmentQueue q = new SegmentQueue(pool);
        q.write(ByteBuffer.allocate(300_000));
        assertThat(pool.pooled()).isZero();
        q.readByteArray(100_000);
        q.skip(q.size());
        int pooled = pool.pooled();
        assertThat(pooled).isGreaterThanOrEqualTo(3); // 300 KB took three 128 KiB segments at least
        assertThat(q).hasToString("SegmentQueue[0 bytes in 0 segments]");

        q.writable(SegmentPool.MAX_SIZE); // room asked for, nothing arrived (a read that got 0 bytes)
        assertThat(pool.pooled()).isEqualTo(pooled - 1);
        q.commit(0);
        q.trim();
        assertThat(pool.pooled()).isEqualTo(pooled);
        assertThat(q).hasToString("SegmentQueue[0 bytes in 0 segments]");
    }

    @Test
    void thePoolRecyclesSegmentsAndKeepsNoMoreThanItsBudget() {
        SegmentPool pool = new SegmentPool(256 * 1024);
        Segment a = pool.take(100_000);
        Segment b = pool.take(100_000);
        Segment c = pool.take(100_000);
        assertThat(a.buffer().capacity()).isEqualTo(SegmentPool.MAX_SIZE);
        pool.release(a);
        pool.release(b);
        pool.release(c); // over the 256 KiB budget: dropped
        assertThat(pool.pooled()).isEqualTo(2);
        assertThat(pool.take(1)).as("a small request takes a small class").isNotIn(a, b);
        Segment again = pool.take(SegmentPool.MAX_SIZE);
        assertThat(again).isIn(a, b);
        assertThat(again.buffer().position()).isZero();
        assertThat(again.buffer().limit()).isEqualTo(SegmentPool.MAX_SIZE);
    }

    @Test
    void commitRefusesMoreThanTheRoomGiven() {
        SegmentQueue q = new SegmentQueue(new SegmentPool(0));
        assertThatThrownBy(() -> q.commit(1)).isInstanceOf(IllegalArgumentException.class);
        int room = q.writable(10).remaining();
        assertThatThrownBy(() -> q.commit(room + 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> q.commit(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(q.size()).isZero();
    }

    @Test
    void aGatheringWriteSendsTheQueuedSegmentsInOrderAndFreesThem(@TempDir Path dir) throws Exception {
        Random rnd = new Random(5);
        SegmentPool pool = new SegmentPool(SegmentPool.DEFAULT_MAX_BYTES);
        SegmentQueue q = new SegmentQueue(pool);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        for (int i = 0; i < 40; i++) { // many small pieces fill segments; big ones take new segments
            byte[] b = random(rnd, i % 10 == 0 ? 70_000 : 1 + rnd.nextInt(5000));
            q.write(ByteBuffer.wrap(b));
            expected.write(b);
        }
        Path file = dir.resolve("out");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThat(q.writeAllTo(ch)).isTrue();
        }
        assertThat(q.size()).isZero();
        assertThat(pool.pooled()).isPositive();
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void theReadSizeGrowsFastForBulkAndShrinksOnlyAfterTwoSmallReads() {
        AdaptiveReadSize size = new AdaptiveReadSize();
        assertThat(size.guess()).isEqualTo(2 * 1024);
        size.record(1024); // a chatty connection stays small
        size.record(1024);
        assertThat(size.guess()).isEqualTo(2 * 1024);
        size.record(2 * 1024); // a full read: more may be waiting
        assertThat(size.guess()).isEqualTo(32 * 1024);
        size.record(32 * 1024);
        assertThat(size.guess()).isEqualTo(SegmentPool.MAX_SIZE);
        size.record(1000); // one short read in a bulk transfer changes nothing
        size.record(100_000);
        assertThat(size.guess()).isEqualTo(SegmentPool.MAX_SIZE);
        size.record(1000);
        size.record(1000);
        assertThat(size.guess()).isEqualTo(32 * 1024);
        size.record(1000);
        size.record(1000);
        assertThat(size.guess()).isEqualTo(8 * 1024);
    }
}
