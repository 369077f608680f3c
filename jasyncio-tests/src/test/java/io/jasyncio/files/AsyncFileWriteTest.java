package io.jasyncio.files;

import static io.jasyncio.files.TestFiles.utf8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.DSYNC;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.SYNC;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnmappableCharacterException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.io.TempDir;

@NullUnmarked
class AsyncFileWriteTest {
    @TempDir
    Path dir;

    @AsyncioTest
    void manySmallAndSomeLargeWritesLandInOrder() throws Exception {
        Path file = dir.resolve("out.bin");
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (AsyncFile f = AsyncFiles.open(file, WRITE, CREATE)) {
            for (int i = 0; i < 20_000; i++) {
                byte[] b = utf8("line " + i + "\n");
                f.write(b);
                expected.write(b);
                if (i % 5_000 == 0) {
                    byte[] big = TestFiles.random(3 * WriteBuffer.SIZE + 5, i);
                    f.write(ByteBuffer.wrap(big));
                    expected.write(big);
                }
            }
            assertThat(f.position()).isEqualTo(expected.size());
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @AsyncioTest
    void writesAndReadsLargerThanOneSystemCallAreWhole() throws Exception {
        // the executor writes and reads in slices of BlockReads.SLICE bytes: each must continue after the first
        byte[] big = TestFiles.random(3 * BlockReads.SLICE + 17, 14);
        Path file = dir.resolve("big.bin");
        try (AsyncFile f = AsyncFiles.open(file, READ, WRITE, CREATE)) {
            f.write(big);
            f.flush();
            assertThat(Files.readAllBytes(file)).isEqualTo(big);
            f.seek(0);
            assertThat(f.read(big.length)).isEqualTo(big);
            f.seek(1);
            ByteBuffer b = ByteBuffer.allocate(2 * BlockReads.SLICE + 5);
            assertThat(f.read(b)).isEqualTo(b.capacity());
            assertThat(b.array()).isEqualTo(java.util.Arrays.copyOfRange(big, 1, 1 + b.capacity()));
        }
    }

    @AsyncioTest
    void bytesWrittenAreVisibleToReadsOfTheSameFileBeforeAnyFlush() throws Exception {
        Path file = TestFiles.write(dir.resolve("rw.txt"), "0123456789");
        try (AsyncFile f = AsyncFiles.open(file, READ, WRITE)) {
            assertThat(f.read(2)).isEqualTo(utf8("01")); // leaves the rest read ahead
            f.write(utf8("ab"));
            f.seek(0);
            assertThat(f.readString()).isEqualTo("01ab456789");
            assertThat(f.size()).isEqualTo(10);
            f.write(utf8("XY")); // at the end: the size counts buffered bytes
            assertThat(f.size()).isEqualTo(12);
        }
        assertThat(Files.readString(file)).isEqualTo("01ab456789XY");
    }

    @AsyncioTest
    void flushPutsTheBufferedBytesInTheFile() throws Exception {
        Path file = dir.resolve("f.txt");
        try (AsyncFile f = AsyncFiles.open(file, WRITE, CREATE_NEW)) {
            f.writeString("hello");
            assertThat(Files.size(file)).isZero(); // still in the write buffer
            f.flush();
            assertThat(Files.readString(file)).isEqualTo("hello");
            f.force(true);
        }
    }

    @AsyncioTest
    void aWriteAfterASeekPastTheEndLeavesAGapOfZeros() throws Exception {
        Path file = dir.resolve("gap.bin");
        try (AsyncFile f = AsyncFiles.open(file, WRITE, CREATE)) {
            f.write(utf8("ab"));
            f.seek(5);
            f.write(utf8("cd"));
            f.seek(1);
            f.write(utf8("X"));
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(new byte[] {'a', 'X', 0, 0, 0, 'c', 'd'});
    }

    @AsyncioTest
    void appendModeStartsAtTheEndAndAppends() throws Exception {
        Path file = TestFiles.write(dir.resolve("log.txt"), "first\n");
        try (AsyncFile f = AsyncFiles.open(file, APPEND)) {
            assertThat(f.position()).isEqualTo(6);
            f.writeString("second\n");
            f.seek(0); // the system appends all the same
            f.writeString("third\n");
            assertThatThrownBy(() -> f.read(1)).isInstanceOf(NonReadableChannelException.class);
        }
        assertThat(Files.readString(file)).isEqualTo("first\nsecond\nthird\n");
    }

    @AsyncioTest
    void truncateShrinksTheFileAndMovesAPositionBeyondIt() throws Exception {
        Path file = TestFiles.write(dir.resolve("t.txt"), "0123456789");
        try (AsyncFile f = AsyncFiles.open(file, READ, WRITE)) {
            f.seek(8);
            f.truncate(4);
            assertThat(f.position()).isEqualTo(4);
            assertThat(f.size()).isEqualTo(4);
            f.seek(1);
            f.truncate(100); // larger: nothing changes
            assertThat(f.position()).isEqualTo(1);
            assertThat(f.readString()).isEqualTo("123");
            assertThatThrownBy(() -> f.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @AsyncioTest
    void writeLinesEndsEachLineWithTheLineSeparator() throws Exception {
        Path file = dir.resolve("lines.txt");
        try (AsyncFile f = AsyncFiles.open(file, WRITE, CREATE)) {
            f.writeLines(List.of("a", "bé", ""));
        }
        String sep = System.lineSeparator();
        assertThat(Files.readString(file)).isEqualTo("a" + sep + "bé" + sep + sep);
    }

    @AsyncioTest
    void textACharsetCannotEncodeIsRefusedAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("ascii.txt");
        try (AsyncFile f = AsyncFiles.open(file, WRITE, CREATE)) {
            assertThatThrownBy(() -> f.writeString("café", StandardCharsets.US_ASCII))
                    .isInstanceOf(UnmappableCharacterException.class);
            assertThat(f.position()).isZero();
            f.writeString("cafe", StandardCharsets.US_ASCII);
        }
        assertThat(Files.readString(file)).isEqualTo("cafe");
    }

    @AsyncioTest
    void everyOpenOptionPassesThroughToTheChannel() throws Exception {
        Path existing = TestFiles.write(dir.resolve("existing.txt"), "old content");
        assertThatThrownBy(() -> AsyncFiles.open(existing, WRITE, CREATE_NEW))
                .isInstanceOf(FileAlreadyExistsException.class);
        try (AsyncFile f = AsyncFiles.open(existing, WRITE, TRUNCATE_EXISTING, SYNC)) {
            f.writeString("new");
        }
        assertThat(Files.readString(existing)).isEqualTo("new");
        try (AsyncFile f = AsyncFiles.open(existing, WRITE, DSYNC)) {
            f.writeString("N");
        }
        assertThat(Files.readString(existing)).isEqualTo("New");
        Path scratch = dir.resolve("scratch");
        try (AsyncFile f = AsyncFiles.open(scratch, READ, WRITE, CREATE_NEW, DELETE_ON_CLOSE)) {
            f.writeString("temporary");
            f.seek(0);
            assertThat(f.readString()).isEqualTo("temporary");
        }
        assertThat(Files.exists(scratch)).isFalse();
        Path link = Files.createSymbolicLink(dir.resolve("link"), existing);
        assertThatThrownBy(() -> AsyncFiles.open(link, READ, LinkOption.NOFOLLOW_LINKS))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("NOFOLLOW_LINKS");
        try (AsyncFile f = AsyncFiles.open(link, READ, READ)) { // a repeated option is fine, as for FileChannel
            assertThat(f.readString()).isEqualTo("New");
        }
    }

    @AsyncioTest
    void readingAWriteOnlyFileOrWritingAReadOnlyOneFailsAtOnce() throws Exception {
        Path file = TestFiles.write(dir.resolve("x.txt"), "x");
        try (AsyncFile f = AsyncFiles.open(file)) {
            assertThatThrownBy(() -> f.write(utf8("y"))).isInstanceOf(NonWritableChannelException.class);
            assertThatThrownBy(() -> f.truncate(0)).isInstanceOf(NonWritableChannelException.class);
            f.flush(); // nothing to write: fine
            assertThat(f.readString()).isEqualTo("x");
        }
        try (AsyncFile f = AsyncFiles.open(file, WRITE)) {
            assertThatThrownBy(() -> f.read(1)).isInstanceOf(NonReadableChannelException.class);
            assertThatThrownBy(f::readLine).isInstanceOf(NonReadableChannelException.class);
            f.writeString("z"); // the failed calls left the file usable
        }
        assertThat(Files.readString(file)).isEqualTo("z");
    }

    @AsyncioTest
    void everyMethodAfterCloseThrowsClosedChannelExceptionAndCloseIsIdempotent() throws Exception {
        Path file = TestFiles.write(dir.resolve("c.txt"), "abc");
        AsyncFile f = AsyncFiles.open(file, READ, WRITE);
        f.read(1);
        f.close();
        f.close();
        assertThat(f.isOpen()).isFalse();
        assertThat(f.position()).isEqualTo(1);
        assertThat(f.toString()).contains("closed");
        List<ThrowingCall> calls = List.of(
                () -> f.read(1),
                () -> f.read(ByteBuffer.allocate(1)),
                f::readAll,
                f::readLine,
                f::readString,
                () -> f.write(new byte[1]),
                () -> f.writeString("x"),
                f::flush,
                () -> f.force(false),
                () -> f.truncate(0),
                f::size,
                () -> f.seek(0),
                () -> assertThat(f.lines().iterator().hasNext()).isFalse(),
                () -> assertThat(f.chunks(1).iterator().hasNext()).isFalse());
        for (ThrowingCall c : calls) {
            assertThatThrownBy(c::call)
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(ClosedChannelException.class),
                            e -> assertThat(e).hasCauseInstanceOf(ClosedChannelException.class));
        }
    }

    @AsyncioTest
    void aSecondTaskCannotUseAFileWhileTheFirstWaitsOnIt() throws Exception {
        Path file = TestFiles.write(dir.resolve("big.bin"), TestFiles.random(ReadAhead.BLOCK, 9));
        try (AsyncFile f = AsyncFiles.open(file)) {
            Task<byte[]> reader = Asyncio.createTask(() -> f.read(10));
            Asyncio.sleep(java.time.Duration.ZERO); // the reader starts and waits for its block
            assertThat(reader.isDone()).isFalse();
            assertThatThrownBy(() -> f.read(1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another task");
            assertThat(reader.await()).hasSize(10);
            assertThat(f.read(1)).hasSize(1);
        }
    }

    @AsyncioTest
    void aFileBelongsToTheLoopThatOpenedIt() throws Exception {
        Path file = TestFiles.write(dir.resolve("l.txt"), "abc");
        try (AsyncFile f = AsyncFiles.open(file)) {
            Throwable[] seen = new Throwable[1];
            Asyncio.toThread(() -> Asyncio.run(() -> {
                try {
                    f.read(1);
                } catch (Throwable e) {
                    seen[0] = e;
                }
            }));
            assertThat(seen[0]).isInstanceOf(IllegalStateException.class).hasMessageContaining("belongs to");
            assertThat(f.read(1)).isEqualTo(utf8("a")); // still fine on its own loop
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void call() throws Exception;
    }
}
