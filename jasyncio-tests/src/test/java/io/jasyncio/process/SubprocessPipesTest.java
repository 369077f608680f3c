package io.jasyncio.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.internal.buffer.SegmentQueue;
import io.jasyncio.net.StreamReader;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeoutException;

/** Backpressure, big transfers, faults and cancellation on the pipes of real children. */
class SubprocessPipesTest {
    private static final SubprocessOptions OUT = SubprocessOptions.defaults().withStdout(Redirect.PIPE);
    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @AsyncioTest(realClock = true)
    void aChildFasterThanItsReaderIsStoppedAndMemoryStaysBounded() throws Exception {
        int limit = 16 * 1024;
        Subprocess yes = Subprocess.exec(List.of("yes", "0123456789abcdef"), OUT.withLimit(limit));
        try {
            StreamReader r = yes.stdout();
            assertThat(r.readLine()).isEqualTo("0123456789abcdef\n".getBytes(UTF_8));
            // the reader pauses its pipe above twice its limit; wait until it has
            while (r.buffered() <= 2 * limit) {
                Asyncio.sleep(Duration.ofMillis(5));
            }
            int first = r.buffered();
            Asyncio.sleep(Duration.ofMillis(300)); // yes writes gigabytes a second: any leak shows at once
            int second = r.buffered();
            assertThat(second).isEqualTo(first).isLessThanOrEqualTo(2 * limit + 256 * 1024); // + the block that crossed
            // and reading resumes the flow
            byte[] mb = r.readExactly(1024 * 1024);
            assertThat(new String(mb, 0, 17 * 8, UTF_8)).contains("0123456789abcdef\n");
            // Let the pump fill every block it has while nobody reads (the reader may stay paused anywhere above its
            // limit, so there is no buffered size to wait for); the leak check below needs no particular state.
            Asyncio.sleep(Duration.ofMillis(200));
        } finally {
            yes.kill();
            yes.awaitExit();
            // not closed on purpose: the pump, waiting for a block the paused reader never gives back, must end
            // when the loop closes (the leak check sees its thread otherwise)
        }
    }

    @AsyncioTest(realClock = true)
    void drainHoldsAWriterBackWhileTheChildDoesNotRead() throws Exception {
        Subprocess p = Subprocess.exec(List.of("sleep", "100"), SubprocessOptions.pipes());
        byte[] chunk = new byte[64 * 1024];
        int written = 0;
        try {
            Asyncio.withTimeout(Duration.ofMillis(500), () -> {
                while (true) {
                    p.stdin().write(chunk);
                    p.stdin().drain(); // returns while the pipe (64 KiB) and the 256 KiB mark have room
                }
            });
        } catch (TimeoutException expected) {
            written = (int) p.stdin().writeBufferSize();
        }
        // the pipe holds 64 KiB, the pump one chunk in its write; the rest waits here, bounded by the mark
        assertThat(written).isPositive().isLessThanOrEqualTo(256 * 1024 + chunk.length);
        p.kill();
        assertThatThrownBy(() -> Asyncio.withTimeout(GENEROUS, () -> {
                    while (true) {
                        p.stdin().write(chunk);
                        p.stdin().drain();
                    }
                }))
                .isInstanceOf(IOException.class);
        assertThat(p.awaitExit()).isEqualTo(-9);
    }

    @AsyncioTest(realClock = true)
    void whatAKilledChildWroteCanStillBeRead() throws Exception {
        // kill() must not close our end of the pipe (the JDK's Process.destroy does): the bytes stay readable
        Subprocess p = Subprocess.exec(
                List.of(
                        "python3",
                        "-c",
                        "import sys, time\nsys.stdout.write('x' * 100000)\nsys.stdout.flush()\ntime.sleep(100)"),
                OUT.withLimit(16 * 1024));
        while (p.stdout().buffered() <= 32 * 1024) {
            Asyncio.sleep(Duration.ofMillis(5));
        }
        p.kill();
        assertThat(p.awaitExit()).isEqualTo(-9);
        assertThat(p.stdout().read(-1)).hasSize(100_000);
    }

    @AsyncioTest(realClock = true)
    void stdoutReachesItsReaderWithoutACopyOnTheLoop() throws Exception {
        // the pump fills pooled segments and the reader links them in: the only copy counted is the read's own
        SegmentQueue.countCopies(true);
        try {
            long before = SegmentQueue.copiedBytes();
            Subprocess p = Subprocess.exec(List.of("head", "-c", "1000000", "/dev/zero"), OUT);
            assertThat(p.stdout().read(-1)).hasSize(1_000_000);
            assertThat(SegmentQueue.copiedBytes() - before).isEqualTo(1_000_000);
            assertThat(p.awaitExit()).isZero();
        } finally {
            SegmentQueue.countCopies(false);
        }
    }

    @AsyncioTest(realClock = true)
    void communicateMovesTenMebibytesThroughAllThreePipesAtOnce() throws Exception {
        byte[] input = new byte[10 * 1024 * 1024];
        new Random(42).nextBytes(input);
        // the child writes every chunk it reads to stdout and to stderr before reading on: without stdin, stdout and
        // stderr all served at once, it blocks on a full pipe and this deadlocks
        String echoBoth = """
                import sys
                i, o, e = sys.stdin.buffer, sys.stdout.buffer, sys.stderr.buffer
                while True:
                    b = i.read1(65536)
                    if not b: break
                    o.write(b); o.flush(); e.write(b); e.flush()
                """;
        Subprocess p = Subprocess.exec(List.of("python3", "-c", echoBoth), SubprocessOptions.pipes());
        Subprocess.Output out = Asyncio.withTimeout(GENEROUS, () -> p.communicate(input));
        assertThat(out.stdout()).isEqualTo(input);
        assertThat(out.stderr()).isEqualTo(input);
        assertThat(p.returnCode()).hasValue(0);
    }

    @AsyncioTest(realClock = true)
    void teeCopiesStdinToBothOutputs() throws Exception {
        byte[] input = "x".repeat(3 * 1024 * 1024).getBytes(UTF_8);
        Subprocess tee = Subprocess.shell("tee /dev/stderr", SubprocessOptions.pipes());
        Subprocess.Output out = Asyncio.withTimeout(GENEROUS, () -> tee.communicate(input));
        assertThat(out.stdout()).isEqualTo(input);
        assertThat(out.stderr()).isEqualTo(input);
    }

    @AsyncioTest(realClock = true)
    void writingToAChildThatExitedFailsAtDrainInsteadOfHanging() throws Exception {
        Subprocess p = Subprocess.exec(List.of("head", "-c", "10"), SubprocessOptions.pipes());
        byte[] chunk = new byte[64 * 1024];
        assertThatThrownBy(() -> Asyncio.withTimeout(GENEROUS, () -> {
                    for (int i = 0; i < 10_000; i++) {
                        p.stdin().write(chunk);
                        p.stdin().drain();
                    }
                }))
                .isInstanceOf(IOException.class);
        assertThat(p.stdout().read(-1)).hasSize(10);
        assertThat(p.awaitExit()).isZero();
        // after the error, writes are dropped and drain keeps reporting it
        p.stdin().write(chunk);
        assertThatThrownBy(() -> p.stdin().drain()).isInstanceOf(IOException.class);
    }

    @AsyncioTest(realClock = true)
    void aCancelledReadLosesNothing() throws Exception {
        Subprocess p = Subprocess.shell("read x; echo got $x", SubprocessOptions.pipes());
        Task<byte[]> reading = Asyncio.createTask(() -> p.stdout().readLine());
        Asyncio.sleep(Duration.ofMillis(20));
        reading.cancel();
        assertThatThrownBy(reading::await).isInstanceOf(CancelledException.class);
        p.stdin().write("hi\n");
        assertThat(p.stdout().readLine()).isEqualTo("got hi\n".getBytes(UTF_8));
        assertThat(p.awaitExit()).isZero();
    }

    @AsyncioTest(realClock = true)
    void aCancelledAwaitExitLeavesTheChildRunning() throws Exception {
        Subprocess p = Subprocess.exec(List.of("sleep", "100"));
        Task<Integer> waiting = Asyncio.createTask(p::awaitExit);
        Asyncio.sleep(Duration.ofMillis(20));
        waiting.cancel();
        assertThatThrownBy(waiting::await).isInstanceOf(CancelledException.class);
        assertThat(p.returnCode()).isEmpty();
        assertThat(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive)).hasValue(true);
        p.kill();
        assertThat(p.awaitExit()).isEqualTo(-9);
    }

    @AsyncioTest(realClock = true)
    void communicateTimingOutLeavesTheChildRunningAndTheOutputBuffered() throws Exception {
        Subprocess p = Subprocess.shell("echo partial; exec sleep 100", OUT);
        while (p.stdout().buffered() == 0) {
            Asyncio.sleep(Duration.ofMillis(5));
        }
        assertThatThrownBy(() -> p.communicate(null, Duration.ofMillis(100))).isInstanceOf(TimeoutException.class);
        assertThat(p.returnCode()).isEmpty();
        p.kill();
        assertThat(p.awaitExit()).isEqualTo(-9);
        assertThat(p.stdout().read(-1)).isEqualTo("partial\n".getBytes(UTF_8));
    }

    @AsyncioTest(realClock = true)
    void aCancelledCommunicateLeavesTheChildRunning() throws Exception {
        Subprocess p = Subprocess.exec(List.of("sleep", "100"), SubprocessOptions.pipes());
        Task<Subprocess.Output> talking = Asyncio.createTask(() -> p.communicate(null));
        Asyncio.sleep(Duration.ofMillis(20));
        talking.cancel();
        assertThatThrownBy(talking::await).isInstanceOf(CancelledException.class);
        assertThat(p.returnCode()).isEmpty();
        p.kill();
        assertThat(p.awaitExit()).isEqualTo(-9);
    }

    @AsyncioTest(realClock = true)
    void aChildThatNeverWritesDoesNotStallOtherTasks() throws Exception {
        Subprocess silent = Subprocess.exec(List.of("sleep", "100"), OUT);
        Task<byte[]> stuck = Asyncio.createTask(() -> silent.stdout().read(100));
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            Asyncio.sleep(Duration.ofMillis(1)); // would never return if the read blocked the loop's thread
        }
        assertThat(System.nanoTime() - t0).isLessThan(Duration.ofSeconds(10).toNanos());
        assertThat(stuck.isDone()).isFalse();
        silent.kill();
        assertThat(stuck.await()).isEmpty(); // end of file once the child is gone
        silent.awaitExit();
    }
}
