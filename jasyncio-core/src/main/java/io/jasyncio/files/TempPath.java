package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * A temporary file or directory ({@link AsyncFiles#tempFile}, {@link AsyncFiles#tempDirectory}; Python's
 * {@code tempfile.NamedTemporaryFile} and {@code TemporaryDirectory}) that {@link #close()} deletes, a directory
 * with everything in it.
 *
 * {@snippet :
 * try (TempPath tmp = AsyncFiles.tempDirectory("upload")) {
 *     AsyncFiles.write(tmp.path().resolve("part-1"), bytes);
 * }   // deleted here
 * }
 *
 * <h2>Thread safety</h2>
 * Loop-confined for {@link #close()}; {@link #path()} from anywhere.
 */
public final class TempPath implements AutoCloseable {
    private final EventLoop loop;
    private final Executor pool;
    private final Path path;
    private boolean closed;

    private TempPath(EventLoop loop, Executor pool, Path path) {
        this.loop = loop;
        this.pool = pool;
        this.path = path;
    }

    /** Makes the file or directory on the executor; one nobody waits for any more is deleted. */
    static TempPath make(Executor pool, FileWork.IoCallable<Path> maker) throws IOException {
        EventLoop loop = Asyncio.loop();
        return FileWork.open(pool, () -> new TempPath(loop, pool, maker.call()), t -> deleteTree(t.path));
    }

    /**
     * Returns the file or directory.
     *
     * @return its path
     */
    public Path path() {
        return path;
    }

    /**
     * Deletes the file, or the directory and everything in it. Idempotent; what is already gone is no error.
     * Called while the loop is closed, it deletes on the calling thread.
     *
     * <p><b>Cancellation:</b> the deletion still happens; only the wait ends.
     *
     * @throws IOException if something could not be deleted
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (loop.isClosed()) {
            deleteTree(path);
            return;
        }
        FileWork.call(pool, () -> {
            deleteTree(path);
            return null;
        });
    }

    /** Deletes a file or a directory tree, children first. */
    static void deleteTree(Path root) throws IOException {
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, @Nullable IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.deleteIfExists(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        }
    }

    @Override
    public String toString() {
        return "TempPath[" + path + (closed ? ", deleted" : "") + "]";
    }
}
