package io.jasyncio.files;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.CopyOption;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Files from a task without blocking the loop (aiofiles): {@link #open} for an {@link AsyncFile}, and the
 * whole-file and file-system calls of {@link Files}, each run on the loop's file executor while the task waits.
 *
 * {@snippet :
 * String config = AsyncFiles.readString(Path.of("app.conf"));     // aiofiles.open(...).read()
 * try (AsyncFile f = AsyncFiles.open(Path.of("big.log"))) {
 *     for (String line : f.lines()) {                              // async for line in f
 *         count(line);
 *     }
 * }
 * try (TempPath dir = AsyncFiles.tempDirectory("work")) {          // deleted, with its content, on close
 *     AsyncFiles.writeString(dir.path().resolve("a.txt"), "hello");
 * }
 * }
 *
 * <h2>Why an executor</h2>
 * A blocking file call inside a task would block the loop's own thread (the JDK lets a virtual thread block in a
 * file call by pinning its carrier, here the loop). So every call runs on a small pool of platform threads per
 * loop (system property {@code jasyncio.files.threads}, default: the number of processors, between 2 and 8)
 * and the task waits for it; see {@code docs/design.md}, "Files".
 *
 * <h2>Errors</h2>
 * Each method throws what its {@link Files} twin throws: a missing file is a
 * {@link java.nio.file.NoSuchFileException}, a directory where a file is expected the JDK's exception for it
 * (an {@link IOException} "Is a directory").
 *
 * <h2>Cancellation</h2>
 * A thread cannot be stopped in a system call: a cancelled method's call still completes in its thread and its
 * result is dropped (a cancelled {@code delete} may still delete, a cancelled {@code write} may still write).
 * Methods that make something to close ({@link #open}, {@link #list}, {@link #walk}, {@link #tempFile},
 * {@link #tempDirectory}) close or delete it when their caller stopped waiting, so nothing leaks.
 *
 * <h2>Thread safety</h2>
 * Call these methods from a task; outside one they throw {@link IllegalStateException}.
 */
public final class AsyncFiles {
    private AsyncFiles() {}

    /** The running loop's file executor. */
    private static ExecutorService pool() {
        return FileExecutors.of(Asyncio.loop());
    }

    // ------------------------------------------------------------------------------------------------
    // open

    /**
     * Opens a file (aiofiles' {@code open}); the options are {@link FileChannel#open}'s: none means
     * {@code READ}; {@code WRITE}, {@code APPEND}, {@code CREATE}, {@code CREATE_NEW}, {@code TRUNCATE_EXISTING},
     * {@code SYNC}, {@code DSYNC}, {@code DELETE_ON_CLOSE}, {@link LinkOption#NOFOLLOW_LINKS} and the
     * platform's own options pass through.
     *
     * <p><b>Cancellation:</b> a file opened after the caller stopped waiting is closed.
     *
     * @param path the file
     * @param options how to open it
     * @return the open file, at position 0 (at the end in append mode)
     * @throws IOException if it cannot be opened ({@link java.nio.file.NoSuchFileException} when it is missing)
     */
    public static AsyncFile open(Path path, OpenOption... options) throws IOException {
        return open(path, new LinkedHashSet<>(Arrays.asList(options))); // repeats allowed, as FileChannel.open
    }

    /**
     * Opens a file with attributes for a file it creates (permissions, say); see
     * {@link #open(Path, OpenOption...)}.
     *
     * <p><b>Cancellation:</b> a file opened after the caller stopped waiting is closed.
     *
     * @param path the file
     * @param options how to open it
     * @param attributes the attributes of a new file
     * @return the open file
     * @throws IOException if it cannot be opened
     */
    public static AsyncFile open(Path path, Set<? extends OpenOption> options, FileAttribute<?>... attributes)
            throws IOException {
        EventLoop loop = Asyncio.loop();
        ExecutorService pool = FileExecutors.of(loop);
        boolean append = options.contains(StandardOpenOption.APPEND);
        boolean writable = append || options.contains(StandardOpenOption.WRITE);
        boolean readable = options.contains(StandardOpenOption.READ) || !writable;
        return FileWork.open(
                pool,
                () -> {
                    FileChannel ch = FileChannel.open(path, options, attributes);
                    try {
                        boolean seekable = isSeekable(ch);
                        AsyncFile.OpenFlags flags = new AsyncFile.OpenFlags(readable, writable, append, seekable);
                        return new AsyncFile(loop, path, ch, pool, flags, append && seekable ? ch.size() : 0);
                    } catch (IOException | RuntimeException | Error e) {
                        ch.close();
                        throw e;
                    }
                },
                f -> f.channel().close());
    }

    /**
     * Whether the channel has offsets: a pipe, a socket or a terminal fails {@code lseek} ("Illegal seek") and is
     * read and written in sequence. (Not a stat of the path: {@code DELETE_ON_CLOSE} may have unlinked it.)
     */
    private static boolean isSeekable(FileChannel ch) {
        try {
            ch.position();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------
    // whole files

    /**
     * Reads a whole file ({@link Files#readAllBytes}).
     *
     * <p><b>Cancellation:</b> the read's result is dropped.
     *
     * @param path the file
     * @return its bytes
     * @throws IOException if reading failed
     */
    public static byte[] readAllBytes(Path path) throws IOException {
        return FileWork.call(pool(), () -> Files.readAllBytes(path));
    }

    /**
     * Reads a whole file as UTF-8 text ({@link Files#readString(Path)}).
     *
     * <p><b>Cancellation:</b> the read's result is dropped.
     *
     * @param path the file
     * @return its text
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public static String readString(Path path) throws IOException {
        return readString(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole file as text ({@link Files#readString(Path, Charset)}).
     *
     * <p><b>Cancellation:</b> the read's result is dropped.
     *
     * @param path the file
     * @param charset the charset
     * @return its text
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public static String readString(Path path, Charset charset) throws IOException {
        return FileWork.call(pool(), () -> Files.readString(path, charset));
    }

    /**
     * Reads a whole UTF-8 file's lines ({@link Files#readAllLines(Path)}); for large files iterate
     * {@link AsyncFile#lines()} instead.
     *
     * <p><b>Cancellation:</b> the read's result is dropped.
     *
     * @param path the file
     * @return the lines
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public static List<String> readAllLines(Path path) throws IOException {
        return readAllLines(path, StandardCharsets.UTF_8);
    }

    /**
     * Reads a whole file's lines ({@link Files#readAllLines(Path, Charset)}); for large files iterate
     * {@link AsyncFile#lines()} instead.
     *
     * <p><b>Cancellation:</b> the read's result is dropped.
     *
     * @param path the file
     * @param charset the charset
     * @return the lines
     * @throws IOException if reading failed, or {@link java.nio.charset.MalformedInputException}
     */
    public static List<String> readAllLines(Path path, Charset charset) throws IOException {
        return FileWork.call(pool(), () -> Files.readAllLines(path, charset));
    }

    /**
     * Writes bytes to a file ({@link Files#write(Path, byte[], OpenOption...)}: by default created or
     * truncated).
     *
     * <p><b>Cancellation:</b> the write still happens.
     *
     * @param path the file
     * @param bytes the bytes (not copied: do not change them until this returns)
     * @param options how to open it
     * @return the path
     * @throws IOException if writing failed
     */
    public static Path write(Path path, byte[] bytes, OpenOption... options) throws IOException {
        return FileWork.call(pool(), () -> Files.write(path, bytes, options));
    }

    /**
     * Writes lines to a file, each followed by the platform's line separator
     * ({@link Files#write(Path, Iterable, Charset, OpenOption...)}).
     *
     * <p><b>Cancellation:</b> the write still happens.
     *
     * @param path the file
     * @param lines the lines (copied first)
     * @param charset the charset
     * @param options how to open it
     * @return the path
     * @throws IOException if writing failed
     */
    public static Path write(Path path, Iterable<? extends CharSequence> lines, Charset charset, OpenOption... options)
            throws IOException {
        List<String> copy = new java.util.ArrayList<>();
        lines.forEach(l -> copy.add(l.toString()));
        return FileWork.call(pool(), () -> Files.write(path, copy, charset, options));
    }

    /**
     * Writes UTF-8 text to a file ({@link Files#writeString(Path, CharSequence, OpenOption...)}).
     *
     * <p><b>Cancellation:</b> the write still happens.
     *
     * @param path the file
     * @param text the text
     * @param options how to open it
     * @return the path
     * @throws IOException if writing failed
     */
    public static Path writeString(Path path, CharSequence text, OpenOption... options) throws IOException {
        return writeString(path, text, StandardCharsets.UTF_8, options);
    }

    /**
     * Writes text to a file ({@link Files#writeString(Path, CharSequence, Charset, OpenOption...)}).
     *
     * <p><b>Cancellation:</b> the write still happens.
     *
     * @param path the file
     * @param text the text
     * @param charset the charset
     * @param options how to open it
     * @return the path
     * @throws IOException if writing failed, or the charset cannot encode the text
     */
    public static Path writeString(Path path, CharSequence text, Charset charset, OpenOption... options)
            throws IOException {
        String s = text.toString();
        return FileWork.call(pool(), () -> Files.writeString(path, s, charset, options));
    }

    // ------------------------------------------------------------------------------------------------
    // the file system

    /**
     * Tells whether a file exists ({@link Files#exists}; aiofiles' {@code os.path.exists}).
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @param path the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to test a link itself
     * @return {@code true} if it exists
     * @throws IOException never in practice ({@link Files#exists} answers {@code false} on errors); declared for
     *     the executor's sake
     */
    public static boolean exists(Path path, LinkOption... options) throws IOException {
        return FileWork.call(pool(), () -> Files.exists(path, options));
    }

    /**
     * Tells whether a path is a directory ({@link Files#isDirectory}).
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @param path the path
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to test a link itself
     * @return {@code true} if it is a directory
     * @throws IOException never in practice
     */
    public static boolean isDirectory(Path path, LinkOption... options) throws IOException {
        return FileWork.call(pool(), () -> Files.isDirectory(path, options));
    }

    /**
     * Returns a file's size ({@link Files#size}; aiofiles' {@code os.path.getsize}).
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @param path the file
     * @return its size in bytes
     * @throws IOException if it cannot be read ({@link java.nio.file.NoSuchFileException} when missing)
     */
    public static long size(Path path) throws IOException {
        return FileWork.call(pool(), () -> Files.size(path));
    }

    /**
     * Returns a file's basic attributes: size, times, kind (aiofiles' {@code os.stat};
     * {@link Files#readAttributes(Path, Class, LinkOption...)}).
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @param path the file
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to describe a link itself
     * @return the attributes
     * @throws IOException if they cannot be read ({@link java.nio.file.NoSuchFileException} when missing)
     */
    public static BasicFileAttributes stat(Path path, LinkOption... options) throws IOException {
        return readAttributes(path, BasicFileAttributes.class, options);
    }

    /**
     * Reads a file's attributes of a given kind ({@link Files#readAttributes(Path, Class, LinkOption...)}),
     * {@link java.nio.file.attribute.PosixFileAttributes} say.
     *
     * <p><b>Cancellation:</b> nothing changes.
     *
     * @param <A> the attributes type
     * @param path the file
     * @param type the attributes type
     * @param options {@link LinkOption#NOFOLLOW_LINKS} to describe a link itself
     * @return the attributes
     * @throws IOException if they cannot be read
     */
    public static <A extends BasicFileAttributes> A readAttributes(Path path, Class<A> type, LinkOption... options)
            throws IOException {
        return FileWork.call(pool(), () -> Files.readAttributes(path, type, options));
    }

    /**
     * Moves or renames a file ({@link Files#move}; aiofiles' {@code os.rename}, {@code os.replace}).
     *
     * <p><b>Cancellation:</b> the move still happens.
     *
     * @param source the file
     * @param target where to
     * @param options {@link java.nio.file.StandardCopyOption#REPLACE_EXISTING}, {@code ATOMIC_MOVE}
     * @return the target
     * @throws IOException if it cannot be moved
     */
    public static Path move(Path source, Path target, CopyOption... options) throws IOException {
        return FileWork.call(pool(), () -> Files.move(source, target, options));
    }

    /**
     * Copies a file ({@link Files#copy(Path, Path, CopyOption...)}).
     *
     * <p><b>Cancellation:</b> the copy still happens.
     *
     * @param source the file
     * @param target the copy
     * @param options {@link java.nio.file.StandardCopyOption#REPLACE_EXISTING}, {@code COPY_ATTRIBUTES}
     * @return the target
     * @throws IOException if it cannot be copied
     */
    public static Path copy(Path source, Path target, CopyOption... options) throws IOException {
        return FileWork.call(pool(), () -> Files.copy(source, target, options));
    }

    /**
     * Deletes a file or an empty directory ({@link Files#delete}; aiofiles' {@code os.remove}, {@code rmdir}).
     *
     * <p><b>Cancellation:</b> the delete still happens.
     *
     * @param path the file
     * @throws IOException if it cannot be deleted ({@link java.nio.file.NoSuchFileException} when missing,
     *     {@link java.nio.file.DirectoryNotEmptyException})
     */
    public static void delete(Path path) throws IOException {
        FileWork.call(pool(), () -> {
            Files.delete(path);
            return null;
        });
    }

    /**
     * Deletes a file if it exists ({@link Files#deleteIfExists}).
     *
     * <p><b>Cancellation:</b> the delete still happens.
     *
     * @param path the file
     * @return {@code true} if it was deleted
     * @throws IOException if it cannot be deleted
     */
    public static boolean deleteIfExists(Path path) throws IOException {
        return FileWork.call(pool(), () -> Files.deleteIfExists(path));
    }

    /**
     * Creates a directory and its missing parents ({@link Files#createDirectories}; aiofiles' {@code os.makedirs}).
     *
     * <p><b>Cancellation:</b> the directories are still made.
     *
     * @param dir the directory
     * @param attributes the attributes of the directories made
     * @return the directory
     * @throws IOException if it cannot be made
     */
    public static Path createDirectories(Path dir, FileAttribute<?>... attributes) throws IOException {
        return FileWork.call(pool(), () -> Files.createDirectories(dir, attributes));
    }

    /**
     * Creates a directory ({@link Files#createDirectory}; aiofiles' {@code os.mkdir}).
     *
     * <p><b>Cancellation:</b> the directory is still made.
     *
     * @param dir the directory
     * @param attributes its attributes
     * @return the directory
     * @throws IOException if it cannot be made ({@link java.nio.file.FileAlreadyExistsException})
     */
    public static Path createDirectory(Path dir, FileAttribute<?>... attributes) throws IOException {
        return FileWork.call(pool(), () -> Files.createDirectory(dir, attributes));
    }

    /**
     * Lists a directory's entries, not recursively ({@link Files#list}; aiofiles' {@code os.listdir},
     * {@code scandir}), in batches read on the executor; close the listing (try-with-resources).
     *
     * <p><b>Cancellation:</b> a listing opened after the caller stopped waiting is closed.
     *
     * @param dir the directory
     * @return the entries
     * @throws IOException if it cannot be read ({@link java.nio.file.NotDirectoryException})
     */
    @SuppressWarnings("StreamResourceLeak") // the listing owns the stream and closes it
    public static PathListing list(Path dir) throws IOException {
        ExecutorService pool = pool();
        return PathListing.open(pool, () -> Files.list(dir));
    }

    /**
     * Walks a file tree depth-first, {@code start} first ({@link Files#walk(Path, FileVisitOption...)}; Python's
     * {@code os.walk}); close it (try-with-resources).
     *
     * <p><b>Cancellation:</b> a walk opened after the caller stopped waiting is closed.
     *
     * @param start where to start
     * @param options {@link FileVisitOption#FOLLOW_LINKS}
     * @return the paths
     * @throws IOException if {@code start} cannot be read
     */
    public static PathListing walk(Path start, FileVisitOption... options) throws IOException {
        return walk(start, Integer.MAX_VALUE, options);
    }

    /**
     * Walks a file tree to a depth ({@link Files#walk(Path, int, FileVisitOption...)}); see
     * {@link #walk(Path, FileVisitOption...)}.
     *
     * <p><b>Cancellation:</b> a walk opened after the caller stopped waiting is closed.
     *
     * @param start where to start
     * @param maxDepth how deep (0: {@code start} only)
     * @param options {@link FileVisitOption#FOLLOW_LINKS}
     * @return the paths
     * @throws IOException if {@code start} cannot be read
     */
    @SuppressWarnings("StreamResourceLeak") // the listing owns the stream and closes it
    public static PathListing walk(Path start, int maxDepth, FileVisitOption... options) throws IOException {
        ExecutorService pool = pool();
        return PathListing.open(pool, () -> Files.walk(start, maxDepth, options));
    }

    /**
     * Creates an empty temporary file in the default temporary directory ({@link Files#createTempFile}; aiofiles'
     * {@code tempfile}), deleted when the returned {@link TempPath} is closed.
     *
     * <p><b>Cancellation:</b> a file made after the caller stopped waiting is deleted.
     *
     * @param prefix the name's start, or {@code null}
     * @param suffix the name's end, or {@code null} for {@code ".tmp"}
     * @param attributes its attributes
     * @return the file, deleted on close
     * @throws IOException if it cannot be made
     */
    public static TempPath tempFile(@Nullable String prefix, @Nullable String suffix, FileAttribute<?>... attributes)
            throws IOException {
        ExecutorService pool = pool();
        return TempPath.make(pool, () -> Files.createTempFile(prefix, suffix, attributes));
    }

    /**
     * Creates an empty temporary file in a directory; see {@link #tempFile(String, String, FileAttribute[])}.
     *
     * <p><b>Cancellation:</b> a file made after the caller stopped waiting is deleted.
     *
     * @param dir the directory
     * @param prefix the name's start, or {@code null}
     * @param suffix the name's end, or {@code null} for {@code ".tmp"}
     * @param attributes its attributes
     * @return the file, deleted on close
     * @throws IOException if it cannot be made
     */
    public static TempPath tempFile(
            Path dir, @Nullable String prefix, @Nullable String suffix, FileAttribute<?>... attributes)
            throws IOException {
        ExecutorService pool = pool();
        return TempPath.make(pool, () -> Files.createTempFile(dir, prefix, suffix, attributes));
    }

    /**
     * Creates a temporary directory in the default temporary directory ({@link Files#createTempDirectory};
     * Python's {@code tempfile.TemporaryDirectory}), deleted with everything in it when the returned
     * {@link TempPath} is closed.
     *
     * <p><b>Cancellation:</b> a directory made after the caller stopped waiting is deleted.
     *
     * @param prefix the name's start, or {@code null}
     * @param attributes its attributes
     * @return the directory, deleted on close
     * @throws IOException if it cannot be made
     */
    public static TempPath tempDirectory(@Nullable String prefix, FileAttribute<?>... attributes) throws IOException {
        ExecutorService pool = pool();
        return TempPath.make(pool, () -> Files.createTempDirectory(prefix, attributes));
    }

    /**
     * Creates a temporary directory in a directory; see {@link #tempDirectory(String, FileAttribute[])}.
     *
     * <p><b>Cancellation:</b> a directory made after the caller stopped waiting is deleted.
     *
     * @param dir the parent directory
     * @param prefix the name's start, or {@code null}
     * @param attributes its attributes
     * @return the directory, deleted on close
     * @throws IOException if it cannot be made
     */
    public static TempPath tempDirectory(Path dir, @Nullable String prefix, FileAttribute<?>... attributes)
            throws IOException {
        ExecutorService pool = pool();
        return TempPath.make(pool, () -> Files.createTempDirectory(dir, prefix, attributes));
    }
}
