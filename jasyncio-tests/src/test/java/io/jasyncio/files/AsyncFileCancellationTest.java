package io.jasyncio.files;

import static io.jasyncio.files.TestFiles.utf8;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a cancelled file call leaves behind. Named pipes make the waits deterministic: a read of a pipe waits
 * until the test writes to it, an open waits for the other end, a write waits while the pipe is full.
 */
@NullUnmarked
class AsyncFileCancellationTest {
    @TempDir
    Path dir;

    /** Lets the other tasks run until they wait. */
    private static void yieldToOthers() {
        for (int i = 0; i < 3; i++) {
            Asyncio.sleep(Duration.ZERO);
        }
    }

    /**
     * Waits until every job in flight has come back: a virtual clock does not move while one runs, so a short
     * sleep ends only after them.
     */
    private static void settle() {
        Asyncio.sleep(Duration.ofMillis(1));
    }

    @AsyncioTest
    void aCancelledReadConsumesNothingAndTheNextReadReturnsTheSameBytes() throws Exception {
        byte[] content = TestFiles.random(3 * ReadAhead.BLOCK, 11);
        Path file = TestFiles.write(dir.resolve("a.bin"), content);
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (int round = 0; round < 20; round++) {
                long before = f.position();
                Task<byte[]> t = Asyncio.createTask(() -> f.read(ReadAhead.BLOCK));
                for (int i = 0; i < round % 4; i++) {
                    Asyncio.sleep(
                            Duration.ZERO); // cancel before the read starts, while it waits, after it got its block
                }
                t.cancel();
                try {
                    byte[] got = t.await(); // it may have finished before the cancellation reached it
                    assertThat(f.position()).isEqualTo(before + got.length);
                } catch (CancelledException e) {
                    assertThat(f.position()).isEqualTo(before);
                }
                int at = (int) f.position();
                int n = Math.min(100, content.length - at);
                assertThat(f.read(100)).isEqualTo(Arrays.copyOfRange(content, at, at + n));
            }
        }
    }

    @AsyncioTest
    void aCancelledReadOfAPipeLosesNoneOfTheBytesThatArriveLater() throws Exception {
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        Task<AsyncFile> writerOpen = Asyncio.createTask(() -> AsyncFiles.open(fifo, WRITE));
        try (AsyncFile r = AsyncFiles.open(fifo);
                AsyncFile w = writerOpen.await()) {
            Task<byte[]> t = Asyncio.createTask(() -> r.read(5));
            yieldToOthers();
            assertThat(t.isDone()).as("waits for bytes").isFalse();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            assertThat(r.position()).isZero();
            w.writeString("hello");
            w.flush();
            assertThat(r.read(5)).isEqualTo(utf8("hello"));
        }
    }

    @AsyncioTest
    void aCancelledReadLineConsumesNothing() throws Exception {
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        Task<AsyncFile> writerOpen = Asyncio.createTask(() -> AsyncFiles.open(fifo, WRITE));
        try (AsyncFile r = AsyncFiles.open(fifo);
                AsyncFile w = writerOpen.await()) {
            w.writeString("par");
            w.flush();
            Task<String> t = Asyncio.createTask(() -> r.readLine());
            while (r.readAhead() < 3) {
                Asyncio.sleep(Duration.ZERO); // until the reader has "par" and waits for more
            }
            yieldToOthers();
            assertThat(t.isDone()).as("waits for the rest of the line").isFalse();
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            assertThat(r.position()).isZero();
            w.writeString("tial\nnext\n");
            w.flush();
            assertThat(r.readLine()).isEqualTo("partial");
            assertThat(r.readLine()).isEqualTo("next");
        }
    }

    @AsyncioTest
    void aCancelledOpenClosesTheFileItOpensLater() throws Exception {
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        Task<AsyncFile> opening = Asyncio.createTask(() -> AsyncFiles.open(fifo)); // waits for a writer
        yieldToOthers();
        assertThat(opening.isDone()).isFalse();
        opening.cancel();
        assertThatThrownBy(opening::await).isInstanceOf(CancelledException.class);
        try (AsyncFile w = AsyncFiles.open(fifo, WRITE)) { // the reader's open completes now, unwanted
            settle();
            assertThat(TestFiles.openDescriptors(fifo)).as("only the writer's").isEqualTo(1);
            assertThat(w.isOpen()).isTrue();
        }
        assertThat(TestFiles.openDescriptors(fifo)).isZero();
    }

    @AsyncioTest
    void aCancelledWriteTookNoneOfItsBytes() throws Exception {
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        Task<AsyncFile> writerOpen = Asyncio.createTask(() -> AsyncFiles.open(fifo, WRITE));
        try (AsyncFile r = AsyncFiles.open(fifo)) {
            byte[] first = TestFiles.random(200 * 1024, 12); // more than the pipe holds: its write job blocks
            try (AsyncFile w = writerOpen.await()) {
                w.write(first); // handed over, not waited for
                Task<Void> second = Asyncio.createTask(() -> w.write(new byte[100 * 1024]));
                yieldToOthers();
                assertThat(second.isDone()).as("waits for the first write").isFalse();
                second.cancel();
                assertThatThrownBy(second::await).isInstanceOf(CancelledException.class);
                assertThat(w.position()).isEqualTo(first.length);
                assertThat(r.read(first.length)).isEqualTo(first);
                w.writeString("end");
            }
            assertThat(r.readAll()).isEqualTo(utf8("end"));
        }
    }

    @AsyncioTest
    void aCancelledCloseStillWritesAndClosesTheFile() throws Exception {
        Path file = dir.resolve("c.txt");
        AsyncFile f = AsyncFiles.open(file, WRITE, CREATE);
        f.writeString("buffered");
        Task<Void> closing = Asyncio.createTask(f::close);
        Asyncio.sleep(Duration.ZERO); // close has started and waits
        closing.cancel();
        assertThatThrownBy(closing::await).isInstanceOf(CancelledException.class);
        assertThat(f.isOpen()).isFalse();
        settle();
        assertThat(Files.readString(file)).isEqualTo("buffered");
        assertThat(TestFiles.openDescriptors(file)).isZero();
    }

    @AsyncioTest
    void tenThousandOpenPartialReadCancelCloseCyclesLeakNoDescriptor() throws Exception {
        byte[] content = TestFiles.random(ReadAhead.BLOCK + 100, 13);
        Path file = TestFiles.write(dir.resolve("cycles.bin"), content);
        int cancelled = 0;
        for (int i = 0; i < 10_000; i++) {
            Task<AsyncFile> opening = Asyncio.createTask(() -> AsyncFiles.open(file));
            if (i % 10 == 0) {
                Asyncio.sleep(Duration.ZERO);
                opening.cancel(); // the open may be cancelled or done by now
            }
            AsyncFile f;
            try {
                f = opening.await();
            } catch (CancelledException e) {
                cancelled++;
                continue;
            }
            try (f) {
                assertThat(f.read(3)).isEqualTo(Arrays.copyOfRange(content, 0, 3));
                Task<byte[]> t = Asyncio.createTask(() -> f.read(ReadAhead.BLOCK));
                for (int k = 0; k < i % 3; k++) {
                    Asyncio.sleep(Duration.ZERO);
                }
                t.cancel();
                try {
                    t.await();
                } catch (CancelledException e) {
                    cancelled++;
                }
            }
        }
        settle();
        assertThat(cancelled).isPositive();
        assertThat(TestFiles.openDescriptors(file)).isZero();
    }

    @AsyncioTest
    void tenThousandChunkBufferCyclesReuseAFewDirectBlocks() throws Exception {
        byte[] content = TestFiles.random(4 * ReadAhead.BLOCK, 17);
        Path file = TestFiles.write(dir.resolve("direct.bin"), content);
        int chunk = 64 * 1024;
        long allocatedBefore = DirectBlocks.allocated();
        int cancelled = 0;
        for (int i = 0; i < 10_000; i++) {
            try (AsyncFile f = AsyncFiles.open(file)) {
                // every tenth reads past the first block: the next blocks are then in flight when the file closes
                int chunks = i % 10 == 0 ? 5 : 1;
                var it = f.chunkBuffers(chunk).iterator();
                for (int c = 0; c < chunks; c++) {
                    ByteBuffer b = it.next();
                    assertThat(b.get(0)).isEqualTo(content[c * chunk]);
                }
                if (i % 10 == 5) {
                    Task<Boolean> t = Asyncio.createTask(it::hasNext);
                    for (int k = 0; k < i % 3; k++) {
                        Asyncio.sleep(Duration.ZERO);
                    }
                    t.cancel();
                    try {
                        t.await();
                    } catch (CancelledException e) {
                        cancelled++;
                    }
                }
            }
        }
        settle(); // the dropped fetches end, and give their blocks back
        assertThat(cancelled).isPositive();
        assertThat(DirectBlocks.allocated() - allocatedBefore)
                .as("direct blocks allocated over 10,000 cycles")
                .isLessThanOrEqualTo(DirectBlocks.KEEP);
        assertThat(DirectBlocks.free()).isEqualTo(DirectBlocks.KEEP);
        assertThat(TestFiles.openDescriptors(file)).isZero();
    }
}
