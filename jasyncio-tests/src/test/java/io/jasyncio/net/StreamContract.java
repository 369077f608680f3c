package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * What every stream transport must do, run over TCP, Unix sockets and an in-memory pair. Each test gets a
 * connected pair of {@link Connection}s: {@code client} and {@code server}, and closes both before it ends, so
 * {@code @AsyncioTest}'s leak checks see every socket closed. {@link TransportContract} checks the same
 * transports one layer down.
 */
abstract class StreamContract {

    /** A connected pair and how to tear it down. */
    record Pair(Connection client, Connection server, AutoCloseable cleanup) {}

    /** Opens a connected pair (called inside a task). */
    abstract Pair open(int limit) throws Exception;

    private void withPair(int limit, PairBody body) throws Exception {
        Pair p = open(limit);
        try {
            body.run(p.client(), p.server());
        } finally {
            p.client().close();
            p.server().close();
            awaitClosed(p.client());
            awaitClosed(p.server());
            p.cleanup().close();
        }
    }

    /** Waits until the connection is closed, whatever it ended with (a test may end it with a reset). */
    private static void awaitClosed(Connection c) {
        try {
            c.writer().awaitClosed();
        } catch (IOException endedWithAnError) {
            // closed all the same
        }
    }

    private void withPair(PairBody body) throws Exception {
        withPair(StreamReader.DEFAULT_LIMIT, body);
    }

    @FunctionalInterface
    interface PairBody {
        void run(Connection client, Connection server) throws Exception;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AsyncioTest(realClock = true)
    void bytesWrittenArriveInOrder() throws Exception {
        withPair((c, s) -> {
            c.writer().write(bytes("hello "));
            c.writer().write(bytes("world\n"));
            c.writer().drain();
            assertThat(new String(s.reader().readLine(), StandardCharsets.UTF_8))
                    .isEqualTo("hello world\n");
            s.writer().write(bytes("back"));
            assertThat(c.reader().readExactly(4)).isEqualTo(bytes("back"));
        });
    }

    @AsyncioTest(realClock = true)
    void randomWriteSizesAndReaderPausesKeepSha256Intact() throws Exception {
        withPair((c, s) -> {
            Random rnd = new Random(42);
            byte[] payload = new byte[3 * 1024 * 1024 + 17];
            rnd.nextBytes(payload);
            Task<byte[]> sender = Asyncio.createTask(() -> {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                int pos = 0;
                while (pos < payload.length) {
                    int n = Math.min(payload.length - pos, 1 + rnd.nextInt(100_000));
                    byte[] chunk = java.util.Arrays.copyOfRange(payload, pos, pos + n);
                    md.update(chunk);
                    c.writer().write(chunk);
                    c.writer().drain();
                    pos += n;
                }
                c.writer().writeEof();
                return md.digest();
            });
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            Random r2 = new Random(7);
            long total = 0;
            while (true) {
                byte[] b = s.reader().read(1 + r2.nextInt(70_000));
                if (b.length == 0) {
                    break;
                }
                md.update(b);
                total += b.length;
                if (r2.nextInt(8) == 0) {
                    Asyncio.sleep(Duration.ofMillis(1)); // a slow reader (not a wait for anything)
                }
            }
            assertThat(total).isEqualTo(payload.length);
            assertThat(md.digest()).isEqualTo(sender.await());
        });
    }

    @AsyncioTest(realClock = true)
    void oneByteAtATimeAdversaryYieldsTheSameLinesAndLimits() throws Exception {
        withPair(16, (c, s) -> {
            byte[] input = bytes("first\nsecond line\n" + "x".repeat(40) + "\nlast");
            Task<@Nullable Void> trickle = Asyncio.createTask(() -> {
                for (byte b : input) {
                    c.writer().write(new byte[] {b});
                    c.writer().drain();
                    Asyncio.sleep(Duration.ZERO);
                }
                c.writer().writeEof();
                return null;
            });
            assertThat(s.reader().readLine()).isEqualTo(bytes("first\n"));
            assertThat(s.reader().readLine()).isEqualTo(bytes("second line\n"));
            assertThatThrownBy(() -> s.reader().readLine()).isInstanceOf(LimitOverrunException.class);
            // the over-long line is discarded piece by piece as it trickles in; the reader stays usable
            List<byte[]> rest = new ArrayList<>();
            while (true) {
                byte[] line;
                try {
                    line = s.reader().readLine();
                } catch (LimitOverrunException e) {
                    continue;
                }
                if (line.length == 0) {
                    break;
                }
                assertThat(line.length).isLessThanOrEqualTo(17);
                rest.add(line);
            }
            trickle.await();
            assertThat(rest).isNotEmpty();
            assertThat(new String(rest.get(rest.size() - 1), StandardCharsets.UTF_8))
                    .isEqualTo("last");
            assertThat(s.reader().atEof()).isTrue();
        });
    }

    @AsyncioTest(realClock = true)
    void readExactlyAtEofCarriesThePartialBytes() throws Exception {
        withPair((c, s) -> {
            c.writer().write(bytes("abc"));
            c.writer().writeEof();
            assertThatThrownBy(() -> s.reader().readExactly(10))
                    .isInstanceOfSatisfying(IncompleteReadException.class, e -> {
                        assertThat(e.partial()).isEqualTo(bytes("abc"));
                        assertThat(e.expected()).isEqualTo(10);
                    });
            assertThat(s.reader().read(10)).isEmpty();
            assertThat(s.reader().atEof()).isTrue();
        });
    }

    @AsyncioTest(realClock = true)
    void readUntilWithSeveralSeparatorsReturnsTheShortestMatch() throws Exception {
        withPair((c, s) -> {
            c.writer().write(bytes("key=value;rest\r\n"));
            assertThat(s.reader().readUntil(bytes("\r\n"), bytes(";"))).isEqualTo(bytes("key=value;"));
            assertThat(s.reader().readUntil(bytes("\r\n"), bytes(";"))).isEqualTo(bytes("rest\r\n"));
        });
    }

    @AsyncioTest(realClock = true)
    void overLongLineRaisesAndTheReaderStaysUsable() throws Exception {
        withPair(8, (c, s) -> {
            c.writer().write(bytes("0123456789abcdef\nok\n"));
            c.writer().drain();
            Polling.until(() -> s.reader().buffered() == 20, "both lines are buffered");
            assertThatThrownBy(() -> s.reader().readUntil(bytes("\n")))
                    .isInstanceOfSatisfying(
                            LimitOverrunException.class,
                            e -> assertThat(e.consumed()).isEqualTo(16));
            assertThat(s.reader().buffered()).isEqualTo(20); // readUntil consumes nothing
            assertThatThrownBy(() -> s.reader().readLine()).isInstanceOf(LimitOverrunException.class);
            assertThat(s.reader().readLine()).isEqualTo(bytes("ok\n"));
        });
    }

    @AsyncioTest(realClock = true)
    void writingAfterCloseFailsClearly() throws Exception {
        withPair((c, s) -> {
            c.writer().close();
            assertThat(c.writer().isClosing()).isTrue();
            assertThatThrownBy(() -> c.writer().write(bytes("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThat(s.reader().read(10)).isEmpty();
        });
    }

    @AsyncioTest(realClock = true)
    void aWriterClosesWithTryWithResourcesAfterSendingWhatWasWritten() throws Exception {
        withPair((c, s) -> {
            try (StreamWriter w = c.writer()) {
                w.write(bytes("last words\n"));
            }
            assertThat(c.writer().isClosing()).isTrue();
            assertThat(s.reader().read(-1)).isEqualTo(bytes("last words\n")); // then end of file
            assertThat(s.reader().atEof()).isTrue();
        });
    }

    @AsyncioTest(realClock = true)
    void cancelledReadLosesNoBytes() throws Exception {
        withPair((c, s) -> {
            Task<byte[]> reader = Asyncio.createTask(() -> s.reader().readExactly(6));
            Asyncio.sleep(Duration.ZERO);
            c.writer().write(bytes("abc"));
            c.writer().drain();
            Polling.until(() -> s.reader().buffered() == 3, "the first bytes are buffered");
            reader.cancel();
            assertThatThrownBy(reader::await).isInstanceOf(CancelledException.class);
            c.writer().write(bytes("def"));
            assertThat(s.reader().readExactly(6)).isEqualTo(bytes("abcdef"));
        });
    }

    @AsyncioTest(realClock = true)
    void slowReaderMakesDrainWaitWithBoundedBuffer() throws Exception {
        withPair((c, s) -> {
            int chunk = 64 * 1024;
            Future<Long> blocked = Asyncio.loop().createFuture();
            long[] written = new long[1];
            Task<@Nullable Void> writer = Asyncio.createTask(() -> {
                byte[] data = new byte[chunk];
                while (!blocked.isDone()) {
                    c.writer().write(data);
                    written[0] += chunk;
                    long buffered = c.writer().writeBufferSize();
                    if (buffered > c.writer().transport().writeBufferHighWater()) {
                        blocked.setResult(buffered);
                    }
                    c.writer().drain();
                }
                c.writer().writeEof();
                return null;
            });
            long buffered = blocked.await();
            // drain() suspended with at most one chunk above the high-water mark buffered
            assertThat(buffered).isLessThanOrEqualTo(c.writer().transport().writeBufferHighWater() + chunk);
            for (int i = 0; i < 10; i++) {
                Asyncio.sleep(Duration.ZERO); // the loop runs on while nobody reads
            }
            assertThat(c.writer().writeBufferSize())
                    .isLessThanOrEqualTo(c.writer().transport().writeBufferHighWater() + chunk);
            long got = 0;
            while (!s.reader().atEof()) {
                got += s.reader().read(1 << 20).length;
            }
            writer.await();
            assertThat(got).isEqualTo(written[0]);
        });
    }

    @AsyncioTest(realClock = true)
    void cancelledDrainLosesNoBytes() throws Exception {
        withPair((c, s) -> {
            byte[] data = new byte[256 * 1024];
            new Random(3).nextBytes(data);
            long[] sent = new long[1];
            Task<@Nullable Void> writer = Asyncio.createTask(() -> {
                while (true) {
                    c.writer().write(data);
                    sent[0] += data.length;
                    c.writer().drain();
                }
            });
            while (c.writer().writeBufferSize() <= c.writer().transport().writeBufferHighWater()) {
                Asyncio.sleep(Duration.ZERO);
            }
            Asyncio.sleep(Duration.ZERO);
            writer.cancel();
            assertThatThrownBy(writer::await).isInstanceOf(CancelledException.class);
            c.writer().writeEof();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            while (!s.reader().atEof()) {
                all.write(s.reader().read(1 << 20));
            }
            assertThat((long) all.size()).isEqualTo(sent[0]);
            byte[] got = all.toByteArray();
            for (int off = 0; off < got.length; off += data.length) {
                assertThat(java.util.Arrays.copyOfRange(got, off, off + data.length))
                        .isEqualTo(data);
            }
        });
    }

    @AsyncioTest(realClock = true)
    void halfCloseWorksBothWays() throws Exception {
        withPair((c, s) -> {
            assertThat(c.writer().canWriteEof()).isTrue();
            c.writer().write(bytes("request"));
            c.writer().writeEof();
            assertThat(s.reader().read(-1)).isEqualTo(bytes("request"));
            assertThat(s.reader().atEof()).isTrue();
            s.writer().write(bytes("response"));
            s.writer().drain();
            s.writer().writeEof();
            assertThat(c.reader().read(-1)).isEqualTo(bytes("response"));
        });
    }

    @AsyncioTest(realClock = true)
    void secondConcurrentReaderIsRejected() throws Exception {
        withPair((c, s) -> {
            Task<byte[]> first = Asyncio.createTask(() -> s.reader().read(10));
            Asyncio.sleep(Duration.ZERO);
            assertThatThrownBy(() -> s.reader().read(10)).isInstanceOf(IllegalStateException.class);
            c.writer().write(bytes("x"));
            assertThat(first.await()).isEqualTo(bytes("x"));
        });
    }
}
