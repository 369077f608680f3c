package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;

/**
 * What every stream transport must do for its protocol (the {@link Transport} and {@link Protocol} Javadoc, and
 * docs/design.md "Networking"), run over TCP, Unix sockets and the in-memory pair; {@link StreamContract} checks
 * the same transports one layer up. Each test connects two {@link Recorder}s, a client and a server, and every
 * test ends by checking that each side saw {@code connectionMade} once, then data, at most one
 * {@code eofReceived}, then {@code connectionLost} exactly once, and nothing after it. On the real clock: the
 * socket transports move bytes in real time; {@code @AsyncioTest}'s leak checks see that every socket is closed.
 */
abstract class TransportContract {

    /** Releases what a connection needed (a server, a socket file) once both its ends are lost. */
    @FunctionalInterface
    interface Cleanup {
        void run() throws IOException;
    }

    /**
     * Connects {@code client} to {@code server} through the transport under test (called in the test's task).
     *
     * @return what to release once both ends are lost
     */
    abstract Cleanup connect(Recorder client, Recorder server) throws IOException;

    /** A connected pair; closing it aborts what is still open, waits for both ends and checks their callbacks. */
    record Pair(Recorder client, Recorder server, Cleanup cleanup) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            for (Recorder r : List.of(client, server)) {
                Transport t = r.transport;
                if (t != null && !r.lost.isDone()) {
                    t.abort();
                }
            }
            for (Recorder r : List.of(client, server)) {
                if (r.transport != null) {
                    r.lost.await();
                }
            }
            cleanup.run();
            client.checkOrder();
            server.checkOrder();
        }
    }

    private Pair open() throws IOException {
        Recorder client = new Recorder("client");
        Recorder server = new Recorder("server");
        Cleanup cleanup = connect(client, server);
        client.made.await();
        server.made.await();
        return new Pair(client, server, cleanup);
    }

    /**
     * A protocol that records its callbacks: {@code made}, {@code data}, {@code eof}, {@code lost}, {@code pause},
     * {@code resume} (and {@code empty data}, which no transport may deliver).
     */
    static final class Recorder implements Protocol {
        final String name;
        final List<String> events = new ArrayList<>();
        final Future<Transport> made = Asyncio.loop().createFuture();
        final Future<@Nullable Void> eof = Asyncio.loop().createFuture();
        final Future<@Nullable Exception> lost = Asyncio.loop().createFuture();
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        private long receivedCount;
        private boolean keepBytes = true;
        private long waitingFor;
        private @Nullable Future<@Nullable Void> bytesWaiter;
        private @Nullable Future<@Nullable Void> resumeWaiter;

        @Nullable
        Transport transport;
        /** What {@link #eofReceived()} returns: {@code true} keeps the connection open for writing. */
        boolean keepOpenOnEof;
        /** Close the transport from the first {@code dataReceived}. */
        boolean closeOnData;
        /** Whether the protocol was told to pause writing (and not told to resume since). */
        boolean writingPaused;
        /** The write buffer's size when {@code pauseWriting}, {@code resumeWriting} last ran. */
        long sizeAtPause = -1;

        long sizeAtResume = -1;

        Recorder(String name) {
            this.name = name;
        }

        Transport t() {
            Transport t = transport;
            if (t == null) {
                throw new IllegalStateException(name + " is not connected");
            }
            return t;
        }

        @Override
        public void connectionMade(Transport t) {
            events.add("made");
            transport = t;
            made.setResult(t);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (!data.hasRemaining()) {
                events.add("empty data");
                return;
            }
            events.add("data");
            int n = data.remaining();
            if (keepBytes) {
                byte[] copy = new byte[n];
                data.get(copy);
                received.writeBytes(copy);
            } else {
                data.position(data.limit());
            }
            receivedCount += n;
            Future<@Nullable Void> w = bytesWaiter;
            if (w != null && receivedCount >= waitingFor) {
                bytesWaiter = null;
                w.setResult(null);
            }
            if (closeOnData) {
                t().close();
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            eof.setResult(null);
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            events.add("lost");
            lost.setResult(exception);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
            writingPaused = true;
            sizeAtPause = t().writeBufferSize();
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
            writingPaused = false;
            sizeAtResume = t().writeBufferSize();
            Future<@Nullable Void> w = resumeWaiter;
            if (w != null) {
                resumeWaiter = null;
                w.setResult(null);
            }
        }

        /** Counts what arrives without keeping it (for tests that move many megabytes). */
        void discardData() {
            keepBytes = false;
        }

        /** Waits until {@code n} bytes in all have arrived. */
        void awaitBytes(long n) {
            if (receivedCount < n) {
                Future<@Nullable Void> w = Asyncio.loop().createFuture();
                waitingFor = n;
                bytesWaiter = w;
                w.await();
            }
        }

        /** Waits for the next {@code resumeWriting}. */
        void awaitResume() {
            Future<@Nullable Void> w = Asyncio.loop().createFuture();
            resumeWaiter = w;
            w.await();
        }

        byte[] received() {
            return received.toByteArray();
        }

        long receivedCount() {
            return receivedCount;
        }

        /** The callbacks with runs of {@code data} collapsed into one, and without the flow-control ones. */
        List<String> phases() {
            List<String> out = new ArrayList<>();
            for (String e : events) {
                if (e.equals("pause") || e.equals("resume")) {
                    continue;
                }
                if (!(e.equals("data")
                        && !out.isEmpty()
                        && out.get(out.size() - 1).equals("data"))) {
                    out.add(e);
                }
            }
            return out;
        }

        /** made once, first; at most one eof, with no data after it; lost exactly once, last. */
        void checkOrder() {
            List<String> p = phases();
            assertThat(p).as("%s's callbacks", name).startsWith("made").endsWith("lost");
            assertThat(p.stream().filter("made"::equals).count())
                    .as("%s: made", name)
                    .isEqualTo(1);
            assertThat(p.stream().filter("lost"::equals).count())
                    .as("%s: lost", name)
                    .isEqualTo(1);
            assertThat(p).as("%s's callbacks", name).isSubsetOf("made", "data", "eof", "lost");
            int eof = p.indexOf("eof");
            if (eof >= 0) {
                assertThat(p.subList(eof, p.size())).as("%s's callbacks", name).containsExactly("eof", "lost");
            }
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @AsyncioTest(realClock = true)
    void callbacksRunInOrderAndTheEndIsReportedOnceOnEachSide() throws Exception {
        try (Pair p = open()) {
            p.client().t().write(bytes("hello"));
            p.client().t().writeEof();
            assertThat(p.server().lost.await()).isNull();
            assertThat(p.client().lost.await()).isNull();
            assertThat(p.server().received()).isEqualTo(bytes("hello"));
            assertThat(p.server().phases()).containsExactly("made", "data", "eof", "lost");
            // the server's eofReceived returned false: it closed, and the client saw that as end of file
            assertThat(p.client().phases()).containsExactly("made", "eof", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void aNewTransportReportsItsStateAndProtocol() throws Exception {
        try (Pair p = open()) {
            Transport t = p.client().t();
            assertThat(t.protocol()).isSameAs(p.client());
            assertThat(t.isReading()).isTrue();
            assertThat(t.isClosing()).isFalse();
            assertThat(t.canWriteEof()).isTrue();
            assertThat(t.writeBufferSize()).isZero();
            assertThat(t.writeBufferHighWater()).isEqualTo(64 * 1024);
            assertThat(t.writeBufferLowWater()).isEqualTo(16 * 1024);
            t.close();
        }
    }

    @AsyncioTest(realClock = true)
    void writeEofSendsWhatIsBufferedAndAnEofReceivedReturningTrueKeepsTheConnectionOpenForWriting() throws Exception {
        byte[] request = random(4 * 1024 * 1024, 4);
        try (Pair p = open()) {
            p.server().keepOpenOnEof = true;
            p.client().t().write(request);
            p.client().t().writeEof(); // after the buffered bytes
            assertThat(p.client().t().isClosing()).isFalse();
            p.server().eof.await();
            assertThat(p.server().received()).isEqualTo(request);
            assertThat(p.server().t().isClosing()).isFalse();
            p.server().t().write(bytes("response"));
            p.server().t().close();
            assertThat(p.client().lost.await()).isNull();
            assertThat(p.server().lost.await()).isNull();
            assertThat(p.client().received()).isEqualTo(bytes("response"));
            assertThat(p.client().phases()).containsExactly("made", "data", "eof", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void closeSendsWhatIsBufferedBeforeTheConnectionIsLost() throws Exception {
        byte[] payload = random(4 * 1024 * 1024, 1);
        try (Pair p = open()) {
            Transport t = p.client().t();
            t.write(payload);
            t.close();
            assertThat(t.isClosing()).isTrue();
            assertThat(t.isReading()).isFalse();
            assertThat(p.client().lost.await()).isNull();
            p.server().lost.await();
            assertThat(p.server().received()).isEqualTo(payload);
            assertThat(p.server().phases()).containsExactly("made", "data", "eof", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void abortDropsWhatIsBufferedAndEndsTheConnection() throws Exception {
        byte[] payload = random(16 * 1024 * 1024, 2);
        try (Pair p = open()) {
            Transport t = p.client().t();
            t.write(payload);
            assertThat(t.writeBufferSize()).isPositive(); // more than any socket buffer takes at once
            t.abort();
            assertThat(t.writeBufferSize()).isZero();
            assertThat(t.isClosing()).isTrue();
            assertThat(t.isReading()).isFalse();
            assertThat(p.client().lost.await()).isNull();
            p.server().lost.await();
            // what the peer got is a prefix of what was written: buffered bytes are dropped, never reordered
            byte[] got = p.server().received();
            assertThat(got.length).isLessThan(payload.length);
            assertThat(got).isEqualTo(Arrays.copyOf(payload, got.length));
        }
    }

    @AsyncioTest(realClock = true)
    void closeAndAbortAreIdempotentAndTheEndIsReportedOnce() throws Exception {
        try (Pair p = open()) {
            Transport t = p.client().t();
            t.close();
            t.close();
            t.abort();
            t.pauseReading();
            t.resumeReading();
            assertThat(t.isReading()).isFalse();
            assertThat(p.client().lost.await()).isNull();
            p.server().lost.await();
            t.close();
            t.abort();
            Asyncio.sleep(java.time.Duration.ZERO);
            assertThat(p.client().phases()).containsExactly("made", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void writingAfterWriteEofCloseOrAbortFailsClearly() throws Exception {
        try (Pair p = open()) {
            p.client().t().writeEof();
            assertThatThrownBy(() -> p.client().t().write(bytes("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("writeEof");
            p.client().lost.await();
        }
        try (Pair p = open()) {
            p.client().t().close();
            assertThatThrownBy(() -> p.client().t().write(bytes("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            p.client().lost.await();
            assertThatThrownBy(() -> p.client().t().write(bytes("later")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
        try (Pair p = open()) {
            p.client().t().abort();
            assertThatThrownBy(() -> p.client().t().write(bytes("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
        }
    }

    @AsyncioTest(realClock = true)
    void writingAfterThePeerEndedTheConnectionDropsTheBytesSilently() throws Exception {
        try (Pair p = open()) {
            p.server().t().close();
            assertThat(p.client().lost.await()).isNull(); // the end of file closed the client: not the user
            Transport t = p.client().t();
            ByteBuffer late = ByteBuffer.wrap(bytes("late"));
            t.write(late);
            assertThat(late.hasRemaining()).isFalse();
            assertThat(t.writeBufferSize()).isZero();
            assertThat(p.server().lost.await()).isNull();
            assertThat(p.client().phases()).containsExactly("made", "eof", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void writeTakesTheBytesAtOnceSoTheCallerMayReuseItsBuffer() throws Exception {
        try (Pair p = open()) {
            ByteBuffer buf = ByteBuffer.wrap(bytes("first"));
            p.client().t().write(buf);
            assertThat(buf.hasRemaining()).isFalse();
            buf.clear().put(bytes("XXXXX"));
            p.client().t().write(new byte[0]);
            p.client().t().write(ByteBuffer.allocate(0));
            p.client().t().write("second");
            p.client().t().writeLines(List.of(bytes("third"), bytes("fourth")));
            p.server().awaitBytes(22);
            assertThat(new String(p.server().received(), StandardCharsets.UTF_8))
                    .isEqualTo("firstsecondthirdfourth");
            p.client().t().close();
        }
    }

    @AsyncioTest(realClock = true)
    void aOneByteAtATimePeerGetsEveryByteInOrderAndNoEmptyDelivery() throws Exception {
        byte[] payload = random(3000, 3);
        try (Pair p = open()) {
            for (int i = 0; i < payload.length; i++) {
                p.client().t().write(new byte[] {payload[i]});
                if (i % 3 != 0) {
                    Asyncio.sleep(java.time.Duration.ZERO); // mostly one byte per segment, sometimes several
                }
            }
            p.client().t().writeEof();
            p.server().lost.await();
            assertThat(p.server().received()).isEqualTo(payload);
            assertThat(p.server().events).doesNotContain("empty data");
        }
    }

    @AsyncioTest(realClock = true)
    void pauseReadingHoldsBackDataAndTheEndOfFileUntilResumeReading() throws Exception {
        try (Pair p = open();
                Pair witness = open()) {
            Transport paused = p.server().t();
            paused.pauseReading();
            paused.pauseReading(); // idempotent
            assertThat(paused.isReading()).isFalse();
            p.client().t().write(bytes("held back"));
            awaitWitness(witness, 1);
            assertThat(p.server().phases()).containsExactly("made");
            paused.resumeReading();
            paused.resumeReading(); // idempotent
            assertThat(paused.isReading()).isTrue();
            p.server().awaitBytes(9);
            assertThat(p.server().received()).isEqualTo(bytes("held back"));

            paused.pauseReading();
            p.client().t().writeEof();
            awaitWitness(witness, 2);
            assertThat(p.server().phases()).containsExactly("made", "data");
            paused.resumeReading();
            p.server().eof.await();
            p.server().lost.await();
            witness.client().t().close();
        }
    }

    /**
     * Sends a byte through the witness pair and waits for it: sent after whatever the other pair's client sent,
     * through the same kernel (or loop), so once it arrived those bytes were there to be read too.
     */
    private static void awaitWitness(Pair witness, int total) {
        witness.client().t().write(new byte[] {1});
        witness.server().awaitBytes(total);
        Asyncio.sleep(java.time.Duration.ZERO);
    }

    @AsyncioTest(realClock = true)
    void aProtocolThatClosesInDataReceivedGetsNoMoreData() throws Exception {
        try (Pair p = open()) {
            p.server().closeOnData = true;
            p.client().t().write(bytes("first"));
            p.server().awaitBytes(1);
            p.client().t().write(bytes("second"));
            p.client().lost.await(); // with an error over TCP: the server closed with "second" unread, a reset
            assertThat(p.server().lost.await()).isNull();
            assertThat(p.server().phases()).containsExactly("made", "data", "lost");
            assertThat(new String(p.server().received(), StandardCharsets.UTF_8))
                    .isEqualTo("first");
        }
    }

    @AsyncioTest(realClock = true)
    void writeBufferLimitsAreValidated() throws Exception {
        try (Pair p = open()) {
            Transport t = p.client().t();
            t.setWriteBufferLimits(1000, 100);
            assertThat(t.writeBufferHighWater()).isEqualTo(1000);
            assertThat(t.writeBufferLowWater()).isEqualTo(100);
            t.setWriteBufferLimits(0, 0);
            assertThatThrownBy(() -> t.setWriteBufferLimits(100, 101)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.setWriteBufferLimits(-1, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> t.setWriteBufferLimits(10, -1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.writeBufferHighWater()).isZero();
            t.close();
        }
    }

    @AsyncioTest(realClock = true)
    void pauseAndResumeWritingStrictlyAlternateAroundTheLimits() throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long written = 0;
        try (Pair p = open()) {
            Recorder c = p.client();
            Transport t = c.t();
            t.setWriteBufferLimits(16 * 1024, 4 * 1024);
            p.server().discardData();
            for (int round = 0; round < 3; round++) {
                // the server reads only while this task waits: the buffer fills until the protocol is paused
                while (!c.writingPaused) {
                    assertThat(written).as("bytes written without a pause").isLessThan(1L << 30);
                    t.write(chunk);
                    written += chunk.length;
                }
                assertThat(c.sizeAtPause).isGreaterThan(16 * 1024);
                c.awaitResume();
                assertThat(c.sizeAtResume).isLessThanOrEqualTo(4 * 1024);
            }
            p.server().awaitBytes(written);
            assertThat(p.server().receivedCount()).isEqualTo(written);
            List<String> flow = c.events.stream()
                    .filter(e -> e.equals("pause") || e.equals("resume"))
                    .toList();
            assertThat(flow).containsExactly("pause", "resume", "pause", "resume", "pause", "resume");
            t.close();
        }
    }

    @AsyncioTest(realClock = true)
    void loweringTheHighWaterMarkBelowWhatIsBufferedPausesAtOnce() throws Exception {
        byte[] chunk = new byte[4 * 1024];
        try (Pair p = open()) {
            Recorder c = p.client();
            Transport t = c.t();
            p.server().t().pauseReading();
            p.server().discardData();
            long written = 0;
            while (t.writeBufferSize() == 0) {
                assertThat(written).as("bytes written without buffering").isLessThan(1L << 30);
                t.write(chunk);
                written += chunk.length;
            }
            assertThat(c.events).doesNotContain("pause"); // at most one chunk is buffered: under 64 KiB
            t.setWriteBufferLimits(0, 0);
            assertThat(c.events).containsExactly("made", "pause");
            p.server().t().resumeReading();
            c.awaitResume();
            p.server().awaitBytes(written);
            assertThat(c.events).containsExactly("made", "pause", "resume");
            t.close();
        }
    }

    @AsyncioTest(realClock = true)
    void operationsFromAnotherThreadFailClearlyAndChangeNothing() throws Exception {
        try (Pair p = open()) {
            Transport t = p.client().t();
            List<Runnable> operations = List.of(
                    () -> t.write(bytes("x")),
                    t::writeEof,
                    t::close,
                    t::abort,
                    t::pauseReading,
                    t::resumeReading,
                    () -> t.setWriteBufferLimits(10, 5));
            OtherThread.assertEachFailsWithAThreadError(operations);
            assertThat(t.isClosing()).isFalse();
            assertThat(t.isReading()).isTrue();
            assertThat(t.writeBufferHighWater()).isEqualTo(64 * 1024);
            t.write(bytes("still usable"));
            p.server().awaitBytes(12);
            assertThat(p.server().received()).isEqualTo(bytes("still usable"));
            t.close();
        }
    }

    @AsyncioTest(realClock = true)
    void addressesNameBothEndsAndOutliveTheConnection() throws Exception {
        try (Pair p = open()) {
            Transport c = p.client().t();
            Transport s = p.server().t();
            Object clientName = c.extraInfo("sockname");
            Object serverName = s.extraInfo("sockname");
            assertThat(clientName).isNotNull();
            assertThat(serverName).isNotNull();
            assertThat(c.extraInfo("peername")).isEqualTo(serverName);
            assertThat(s.extraInfo("peername")).isEqualTo(clientName);
            assertThat(c.extraInfo("no such key")).isNull();
            c.close();
            p.client().lost.await();
            p.server().lost.await();
            assertThat(c.extraInfo("sockname")).isEqualTo(clientName);
            assertThat(c.extraInfo("peername")).isEqualTo(serverName);
            assertThat(s.extraInfo("peername")).isEqualTo(clientName);
        }
    }
}
