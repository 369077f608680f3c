package io.jasyncio.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loop keeps serving other tasks while one reads a large file: a ticker that sleeps a millisecond at a time
 * measures the longest gap between its wake-ups (real clock, generous bounds). Reading the file on the loop's
 * own thread would make that gap as long as the whole read.
 */
@NullUnmarked
class AsyncFileResponsivenessTest {
    private static final int SIZE = 64 * 1024 * 1024;

    @TempDir
    static Path dir;

    private static Path file;
    private static long lineCount;

    @BeforeAll
    static void writeALargeFile() throws IOException {
        file = dir.resolve("large.txt");
        byte[] line =
                "0123456789 the quick brown fox jumps over the lazy dog 0123456789\n".getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            byte[] block = new byte[line.length * 1024];
            for (int i = 0; i < 1024; i++) {
                System.arraycopy(line, 0, block, i * line.length, line.length);
            }
            long written = 0;
            while (written < SIZE) {
                out.write(block);
                written += block.length;
                lineCount += 1024;
            }
        }
    }

    /** Runs {@code reading} beside a ticker and checks the ticker's longest gap against the read's duration. */
    private static void assertTheLoopStaysResponsive(Reading reading) throws Exception {
        long[] maxGap = {0};
        long[] ticks = {0};
        Task<Void> ticker = Asyncio.createTask(() -> {
            long last = System.nanoTime();
            while (true) {
                Asyncio.sleep(Duration.ofMillis(1));
                long now = System.nanoTime();
                maxGap[0] = Math.max(maxGap[0], now - last);
                ticks[0]++;
                last = now;
            }
        });
        Asyncio.sleep(Duration.ofMillis(5));
        long start = System.nanoTime();
        reading.read();
        long total = System.nanoTime() - start;
        Asyncio.sleep(Duration.ofMillis(5)); // the ticker wakes once more: a gap that lasted to the end counts too
        ticker.cancel();
        try {
            ticker.await();
        } catch (CancelledException expected) {
            // stopped
        }
        String figures = "longest gap " + maxGap[0] / 1_000_000 + " ms, read took " + total / 1_000_000 + " ms, "
                + ticks[0] + " ticks";
        // A read on the loop thread would leave one gap as long as the read; half of it leaves room for a loaded
        // machine's scheduling hiccups (a 127 ms gap in a 345 ms read was seen at load 7 on two cores).
        assertThat(maxGap[0])
                .as(figures)
                .isLessThan(Math.max(Duration.ofMillis(100).toNanos(), total / 2));
        assertThat(ticks[0]).as(figures).isGreaterThan(3);
    }

    @AsyncioTest(realClock = true)
    void theLoopStaysResponsiveWhileALargeFileIsReadLineByLine() throws Exception {
        long[] lines = {0};
        assertTheLoopStaysResponsive(() -> {
            try (AsyncFile f = AsyncFiles.open(file)) {
                for (String line : f.lines()) {
                    if (!line.isEmpty()) {
                        lines[0]++;
                    }
                }
            }
        });
        assertThat(lines[0]).isEqualTo(lineCount);
    }

    @AsyncioTest(realClock = true)
    void theLoopStaysResponsiveWhileALargeFileIsReadInChunks() throws Exception {
        long[] bytes = {0};
        assertTheLoopStaysResponsive(() -> {
            try (AsyncFile f = AsyncFiles.open(file)) {
                for (byte[] chunk : f.chunks(64 * 1024)) {
                    bytes[0] += chunk.length;
                }
            }
        });
        assertThat(bytes[0]).isEqualTo(Files.size(file));
    }

    @FunctionalInterface
    interface Reading {
        void read() throws Exception;
    }
}
