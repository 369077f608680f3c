package io.jasyncio.files;

import static io.jasyncio.files.TestFiles.utf8;
import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@NullUnmarked
class AsyncFilesTest {
    @TempDir
    Path dir;

    @AsyncioTest
    void wholeFileHelpersWriteAndReadBack() throws Exception {
        Path text = dir.resolve("t.txt");
        assertThat(AsyncFiles.writeString(text, "héllo\nworld")).isEqualTo(text);
        assertThat(AsyncFiles.readString(text)).isEqualTo("héllo\nworld");
        assertThat(AsyncFiles.readAllLines(text)).containsExactly("héllo", "world");
        AsyncFiles.writeString(text, "!", APPEND);
        assertThat(AsyncFiles.readString(text, StandardCharsets.UTF_8)).isEqualTo("héllo\nworld!");
        Path bin = dir.resolve("b.bin");
        byte[] content = TestFiles.random(100_000, 21);
        AsyncFiles.write(bin, content);
        assertThat(AsyncFiles.readAllBytes(bin)).isEqualTo(content);
        Path lines = dir.resolve("l.txt");
        AsyncFiles.write(lines, List.of("a", "b"), StandardCharsets.ISO_8859_1);
        assertThat(AsyncFiles.readAllLines(lines, StandardCharsets.ISO_8859_1)).containsExactly("a", "b");
    }

    @AsyncioTest
    void aMissingFileIsNoSuchFileExceptionEverywhere() throws Exception {
        Path missing = dir.resolve("missing");
        List<ThrowingCall> calls = List.of(
                () -> AsyncFiles.open(missing),
                () -> AsyncFiles.readString(missing),
                () -> AsyncFiles.readAllBytes(missing),
                () -> AsyncFiles.size(missing),
                () -> AsyncFiles.stat(missing),
                () -> AsyncFiles.delete(missing),
                () -> AsyncFiles.move(missing, dir.resolve("x")),
                () -> AsyncFiles.copy(missing, dir.resolve("x")),
                () -> AsyncFiles.list(missing),
                () -> AsyncFiles.walk(missing),
                () -> AsyncFiles.write(missing, new byte[1], WRITE));
        for (ThrowingCall c : calls) {
            assertThatThrownBy(c::call).isInstanceOf(NoSuchFileException.class).hasMessageContaining("missing");
        }
        assertThat(AsyncFiles.exists(missing)).isFalse();
        assertThat(AsyncFiles.deleteIfExists(missing)).isFalse();
    }

    @AsyncioTest
    void aDirectoryWhereAFileIsExpectedGivesTheJdksException() throws Exception {
        assertThatThrownBy(() -> AsyncFiles.readString(dir)).isInstanceOf(IOException.class);
        try (AsyncFile f = AsyncFiles.open(dir)) {
            assertThatThrownBy(f::readAll).isInstanceOf(IOException.class).hasMessageContaining("Is a directory");
            assertThatThrownBy(f::readLine).isInstanceOf(IOException.class).hasMessageContaining("Is a directory");
        }
        assertThatThrownBy(() -> AsyncFiles.open(dir, WRITE)).isInstanceOf(IOException.class);
        Path file = TestFiles.write(dir.resolve("f"), "x");
        assertThatThrownBy(() -> AsyncFiles.list(file)).isInstanceOf(NotDirectoryException.class);
    }

    @AsyncioTest
    void malformedTextIsMalformedInputException() throws Exception {
        Path file = TestFiles.write(dir.resolve("bad"), new byte[] {'a', (byte) 0xC3});
        assertThatThrownBy(() -> AsyncFiles.readString(file)).isInstanceOf(MalformedInputException.class);
    }

    @AsyncioTest
    void theFileSystemCallsMirrorFiles() throws Exception {
        Path deep = dir.resolve("a/b/c");
        assertThat(AsyncFiles.createDirectories(deep)).isEqualTo(deep);
        assertThat(AsyncFiles.isDirectory(deep)).isTrue();
        assertThatThrownBy(() -> AsyncFiles.createDirectory(deep)).isInstanceOf(FileAlreadyExistsException.class);
        AsyncFiles.createDirectory(dir.resolve("a/d"));
        Path f = AsyncFiles.writeString(deep.resolve("f.txt"), "12345");
        assertThat(AsyncFiles.exists(f)).isTrue();
        assertThat(AsyncFiles.size(f)).isEqualTo(5);
        BasicFileAttributes st = AsyncFiles.stat(f);
        assertThat(st.isRegularFile()).isTrue();
        assertThat(st.size()).isEqualTo(5);
        assertThat(AsyncFiles.readAttributes(f, PosixFileAttributes.class).permissions())
                .isNotEmpty();
        Path copy = AsyncFiles.copy(f, dir.resolve("copy.txt"));
        assertThat(AsyncFiles.readString(copy)).isEqualTo("12345");
        assertThatThrownBy(() -> AsyncFiles.copy(f, copy)).isInstanceOf(FileAlreadyExistsException.class);
        AsyncFiles.writeString(f, "replaced");
        AsyncFiles.copy(f, copy, StandardCopyOption.REPLACE_EXISTING);
        Path moved = AsyncFiles.move(copy, dir.resolve("moved.txt"));
        assertThat(AsyncFiles.exists(copy)).isFalse();
        assertThat(AsyncFiles.readString(moved)).isEqualTo("replaced");
        assertThatThrownBy(() -> AsyncFiles.delete(dir.resolve("a"))).isInstanceOf(DirectoryNotEmptyException.class);
        AsyncFiles.delete(moved);
        assertThat(AsyncFiles.deleteIfExists(f)).isTrue();
        assertThat(AsyncFiles.exists(moved)).isFalse();
    }

    @AsyncioTest
    void listAndWalkGiveEveryEntryInBatches() throws Exception {
        int n = 3 * PathListing.BATCH + 7;
        for (int i = 0; i < n; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        Files.createDirectories(dir.resolve("sub/deeper"));
        Files.createFile(dir.resolve("sub/deeper/leaf"));
        List<Path> listed = new ArrayList<>();
        try (PathListing entries = AsyncFiles.list(dir)) {
            for (Path p : entries) {
                listed.add(p);
            }
            assertThatThrownBy(entries::iterator).isInstanceOf(IllegalStateException.class);
        }
        try (var jdk = Files.list(dir)) {
            assertThat(listed).containsExactlyInAnyOrderElementsOf(jdk.toList());
        }
        List<Path> walked = new ArrayList<>();
        try (PathListing tree = AsyncFiles.walk(dir)) {
            tree.forEach(walked::add);
        }
        assertThat(walked).first().isEqualTo(dir);
        assertThat(walked).hasSize(n + 4).contains(dir.resolve("sub/deeper/leaf"));
        List<Path> shallow = new ArrayList<>();
        try (PathListing tree = AsyncFiles.walk(dir, 1)) {
            tree.forEach(shallow::add);
        }
        assertThat(shallow).hasSize(n + 2).doesNotContain(dir.resolve("sub/deeper"));
    }

    @AsyncioTest
    void aListingClosedEarlyStopsAndReleasesItsDirectory() throws Exception {
        for (int i = 0; i < 2 * PathListing.BATCH; i++) {
            Files.createFile(dir.resolve("f" + i));
        }
        PathListing entries = AsyncFiles.list(dir);
        var it = entries.iterator();
        assertThat(it.next()).isNotNull();
        entries.close();
        entries.close();
        assertThat(TestFiles.openDescriptors(dir)).isZero();
        // the rest of the batch already read is dropped too
        assertThatThrownBy(it::hasNext)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @AsyncioTest
    void tempFilesAndDirectoriesAreDeletedOnClose() throws Exception {
        Path file;
        try (TempPath tmp = AsyncFiles.tempFile(dir, "pre", ".suf")) {
            file = tmp.path();
            assertThat(file.getFileName().toString()).startsWith("pre").endsWith(".suf");
            assertThat(Files.exists(file)).isTrue();
            AsyncFiles.writeString(file, "data");
        }
        assertThat(Files.exists(file)).isFalse();
        Path tree;
        try (TempPath tmp = AsyncFiles.tempDirectory(dir, "work")) {
            tree = tmp.path();
            AsyncFiles.createDirectories(tree.resolve("x/y"));
            AsyncFiles.writeString(tree.resolve("x/y/z.txt"), "deep");
            AsyncFiles.writeString(tree.resolve("top.txt"), "top");
        }
        assertThat(Files.exists(tree)).isFalse();
        TempPath gone = AsyncFiles.tempFile(null, null);
        Files.delete(gone.path());
        gone.close(); // already deleted: fine
        TempPath inDefault = AsyncFiles.tempDirectory("jasyncio-test");
        assertThat(inDefault.path().getParent()).isEqualTo(Path.of(System.getProperty("java.io.tmpdir")));
        inDefault.close();
        assertThat(Files.exists(inDefault.path())).isFalse();
    }

    @AsyncioTest
    void theLoopKeepsRunningWhileAFileCallBlocks() throws Exception {
        // opening a pipe waits for the other end: on the loop's thread it would stop every task
        Path fifo = TestFiles.fifo(dir.resolve("pipe"));
        int[] ticks = {0};
        Task<Void> ticker = Asyncio.createTask(() -> {
            while (true) {
                Asyncio.sleep(Duration.ZERO);
                ticks[0]++;
            }
        });
        Task<AsyncFile> reader = Asyncio.createTask(() -> AsyncFiles.open(fifo));
        while (ticks[0] < 100) {
            Asyncio.sleep(Duration.ZERO);
        }
        assertThat(reader.isDone()).isFalse();
        try (AsyncFile w = AsyncFiles.open(fifo, WRITE);
                AsyncFile r = reader.await()) {
            w.write(utf8("x"));
            w.flush();
            assertThat(r.read(1)).isEqualTo(utf8("x"));
        }
        ticker.cancel();
        assertThatThrownBy(ticker::await).isInstanceOf(io.jasyncio.CancelledException.class);
    }

    @AsyncioTest
    void fileCallsNeedATask() throws Exception {
        Path file = TestFiles.write(dir.resolve("x"), "x");
        Throwable[] seen = new Throwable[1];
        Asyncio.loop().callSoon(() -> {
            try {
                AsyncFiles.readString(file);
            } catch (Throwable e) {
                seen[0] = e;
            }
        });
        Asyncio.sleep(Duration.ofMillis(1));
        assertThat(seen[0]).isInstanceOf(IllegalStateException.class);
        assertThat(AsyncFiles.readString(file)).isEqualTo("x"); // fine here, in a task
    }

    @Test
    void outsideALoopFileCallsSayWhatIsMissing() {
        assertThatThrownBy(() -> AsyncFiles.readString(dir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no running event loop");
    }

    @Test
    void theThreadCountPropertyMustBeAPositiveNumber() {
        String old = System.getProperty(FileExecutors.THREADS_PROPERTY);
        try {
            System.setProperty(FileExecutors.THREADS_PROPERTY, "3");
            assertThat(FileExecutors.threads()).isEqualTo(3);
            for (String bad : List.of("0", "-2", "many")) {
                System.setProperty(FileExecutors.THREADS_PROPERTY, bad);
                assertThatThrownBy(FileExecutors::threads)
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(FileExecutors.THREADS_PROPERTY + "=" + bad);
            }
            System.clearProperty(FileExecutors.THREADS_PROPERTY);
            assertThat(FileExecutors.threads()).isBetween(2, 8);
        } finally {
            if (old == null) {
                System.clearProperty(FileExecutors.THREADS_PROPERTY);
            } else {
                System.setProperty(FileExecutors.THREADS_PROPERTY, old);
            }
        }
    }

    @FunctionalInterface
    interface ThrowingCall {
        void call() throws Exception;
    }
}
