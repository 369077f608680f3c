package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.net.StreamReader;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * {@link StreamReader} feed + read of one message, 1 KiB, 64 KiB or 1 MiB, and how many bytes the reader copied per
 * byte it delivered (issue #11; the budget is at most one copy).
 *
 * <p>{@code path} says how the bytes go in and out:
 *
 * <ul>
 *   <li>{@code BUFFER}: received the way a socket transport receives them (straight into the reader's room,
 *       {@code feedBuffer}/{@code commitFeed}, in reads of up to 128 KiB), read into a direct {@link ByteBuffer}
 *       ({@code readExactly(ByteBuffer)});
 *   <li>{@code ARRAY}: received the same way, read into a new array ({@code readExactly(int)});
 *   <li>{@code FEED}: copied in with {@code feed(ByteBuffer)} (tests and adapters), read into a direct buffer.
 * </ul>
 *
 * The source's bytes are put into the reader's room with one {@code put}: that stands for the kernel's copy of a
 * socket read, which every path pays and which is not counted. One invocation runs a task that moves 1 MiB in
 * messages of {@code size}; the score counts bytes as operations: bytes per microsecond, i.e. MB/s. The counters {@code copied} (bytes the reader copied,
 * from its internal counter, on with {@code -Djasyncio.countCopies=true}) and {@code delivered} (bytes read out)
 * appear beside it, summed over the measured iterations; at the end of the trial the fork prints their ratio,
 * "copied per delivered byte".
 *
 * {@snippet :
 * // java -jar jasyncio-benchmarks/target/benchmarks.jar StreamReaderBenchmark -p mode=FAST
 * }
 *
 * <h2>Thread safety</h2>
 * JMH state, one instance per benchmark thread; the loop runs on that thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {LoopBenchmark.ADD_OPENS, "-Djasyncio.countCopies=true"})
public class StreamReaderBenchmark extends LoopBenchmark {
    /** How bytes go into and out of the reader. */
    public enum Path {
        /** Received into the reader's room, read into a direct buffer. */
        BUFFER,
        /** Received into the reader's room, read into a new array. */
        ARRAY,
        /** Copied in by {@code feed}, read into a direct buffer. */
        FEED
    }

    /** The most one simulated socket read delivers (the transport's largest read). */
    static final int READ_SIZE = 128 * 1024;
    /** Bytes moved per invocation. */
    static final int BATCH_BYTES = 1024 * 1024;

    /** The message size. */
    @Param({"1024", "65536", "1048576"})
    public int size;

    /** The path. */
    @Param({"BUFFER", "ARRAY", "FEED"})
    public Path path = Path.BUFFER;

    /** The internal copy counter, {@code SegmentQueue.copiedBytes()}, found reflectively (see {@link #setUp()}). */
    private @Nullable MethodHandle copiedBytes;

    private @Nullable StreamReader reader;
    private ByteBuffer source = ByteBuffer.allocateDirect(1);
    private ByteBuffer destination = ByteBuffer.allocateDirect(1);

    /** The secondary results, per iteration (JMH sums them over the iterations). */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Copies {
        /** Bytes the reader copied. */
        public long copied;
        /** Bytes the reader delivered. */
        public long delivered;
        /** Over the trial: bytes copied. */
        private long trialCopied;
        /** Over the trial: bytes delivered. */
        private long trialDelivered;

        /** Creates the counters; JMH calls it. */
        public Copies() {}

        /** Starts an iteration's counts. */
        @Setup(Level.Iteration)
        public void reset() {
            trialCopied += copied;
            trialDelivered += delivered;
            copied = 0;
            delivered = 0;
        }

        /** Prints the ratio over the whole trial (warm-up included). */
        @TearDown(Level.Trial)
        public void report() {
            reset();
            System.out.printf("copied per delivered byte: %.3f%n", (double) trialCopied / Math.max(1, trialDelivered));
        }
    }

    /** Creates a benchmark; JMH calls it. */
    public StreamReaderBenchmark() {}

    /**
     * Makes the reader (its limit above the message, so it never pauses a transport) and the buffers, and finds the
     * copy counter. The counter lives in core's internal package, which other modules may not compile against (the
     * architecture rules), so the benchmark reads this one diagnostic reflectively.
     *
     * @throws ReflectiveOperationException if the counter is gone
     */
    @Setup(Level.Trial)
    public void setUp() throws ReflectiveOperationException {
        EventLoop l = loop();
        reader = new StreamReader(l, 4 * size);
        source = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            source.put(i, (byte) i);
        }
        destination = ByteBuffer.allocateDirect(size);
        Class<?> queue = Class.forName("io.jasyncio.internal.buffer.SegmentQueue");
        copiedBytes = MethodHandles.publicLookup().findStatic(queue, "copiedBytes", MethodType.methodType(long.class));
    }

    /**
     * Feeds messages and reads them back, 1 MiB in all; an operation is a byte.
     *
     * @param copies the counters to fill
     * @return a byte of the last message (so nothing is optimised away)
     * @throws Throwable if reading fails (it does not: every message is complete)
     */
    @Benchmark
    @OperationsPerInvocation(BATCH_BYTES)
    public int feedAndRead(Copies copies) throws Throwable {
        EventLoop l = loop();
        StreamReader r = reader;
        MethodHandle counter = copiedBytes;
        if (r == null || counter == null) {
            throw new IllegalStateException("not set up");
        }
        int messages = BATCH_BYTES / size;
        long before = (long) counter.invokeExact();
        int sum = l.runUntilComplete(l.createTask(() -> {
            int s = 0;
            for (int i = 0; i < messages; i++) {
                s += feedAndRead(r);
            }
            return s;
        }));
        copies.copied += (long) counter.invokeExact() - before;
        copies.delivered += (long) messages * size;
        return sum;
    }

    private byte feedAndRead(StreamReader r) throws java.io.IOException {
        if (path == Path.FEED) {
            r.feed(source.clear());
        } else {
            receive(r);
        }
        if (path == Path.ARRAY) {
            return r.readExactly(size)[size - 1];
        }
        r.readExactly(destination.clear());
        return destination.get(size - 1);
    }

    /** Puts the source into the reader's room in socket-sized reads (the kernel's copy, not the reader's). */
    private void receive(StreamReader r) {
        int at = 0;
        while (at < size) {
            ByteBuffer room = r.feedBuffer(Math.min(READ_SIZE, size - at));
            int n = Math.min(room.remaining(), size - at);
            room.put(room.position(), source, at, n);
            r.commitFeed(n);
            at += n;
        }
    }
}
