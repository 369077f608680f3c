package io.jasyncio.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * The socket file of a Unix server: who may replace it, and who may remove it.
 *
 * <h2>Replacing a file at the path ({@link #removeIfStale})</h2>
 * Only a <em>stale socket file</em> is removed: a socket file (not a regular file, directory, link or pipe) that
 * no socket is bound to any more. Everything else is left for {@code bind} to refuse ("Address already in use").
 * Staleness is decided without stealing the path from a live server:
 * <ol>
 *   <li>A socket file that a server of this JVM listens on is live: no probe at all.
 *   <li>Otherwise a non-blocking connect probes it. Only "connection refused" (the kernel found no socket bound to
 *       that file) means stale. A completed connect, "try again" (a live server whose backlog is full), or any
 *       other error means not provably stale, so the file stays.
 *   <li>The file is removed only if it is still the same file (same {@code fileKey}) as the one probed.
 * </ol>
 * Why a connect: binding cannot tell (it fails with "address in use" whenever the file exists, live or not), and
 * the probe that asks without connecting (a datagram connect, which a stream listener refuses with
 * {@code EPROTOTYPE}) needs Unix datagram sockets, which the JDK does not have. The cost: a live server in
 * another process sees one connection that closes without sending anything. asyncio avoids the probe by removing
 * every socket file it finds, which silently takes the path from a live server.
 *
 * <h2>Removing the file on close ({@link #release})</h2>
 * A server removes the path only while it still names the file the server's {@code bind} created (same
 * {@code fileKey}, as asyncio 3.13 compares inodes): if the file was replaced, it belongs to someone else.
 *
 * <p>Thread-safe: the registry of this JVM's socket files is shared by every loop.
 */
final class UnixSocketFile {
    /** The files ({@code fileKey}s) that servers of this JVM listen on. */
    private static final Set<Object> LISTENING = ConcurrentHashMap.newKeySet();

    private final Path path;
    /** The bound file's identity (device and inode), or {@code null} where the file system has none. */
    private final @Nullable Object key;

    private UnixSocketFile(Path path, @Nullable Object key) {
        this.path = path;
        this.key = key;
    }

    /**
     * Binds a listener to a path, replacing a stale socket file first.
     *
     * @param ch the listener
     * @param path the socket file
     * @param backlog the listen backlog
     * @return the claimed file, to {@link #release} when the server closes
     * @throws IOException if binding failed ({@code BindException} "Address already in use" while something else
     *     is at the path)
     */
    static UnixSocketFile bind(ServerSocketChannel ch, Path path, int backlog) throws IOException {
        removeIfStale(path);
        ch.bind(UnixDomainSocketAddress.of(path), backlog);
        BasicFileAttributes bound = attributes(path);
        Object key = bound == null ? null : bound.fileKey();
        if (key != null) {
            LISTENING.add(key);
        }
        return new UnixSocketFile(path, key);
    }

    /** Stops listening on the file: forgets it, and removes it if the path still names it. */
    void release() throws IOException {
        if (key != null) {
            LISTENING.remove(key);
        }
        BasicFileAttributes now = attributes(path);
        if (now != null && (key == null || key.equals(now.fileKey()))) {
            Files.deleteIfExists(path);
        }
    }

    /**
     * Removes the file at {@code path} if it is a stale socket file; leaves anything else alone.
     *
     * @param path the path
     * @throws IOException if removing a stale file failed
     */
    static void removeIfStale(Path path) throws IOException {
        BasicFileAttributes before = attributes(path);
        if (before == null || !before.isOther() || !isSocket(path)) {
            return;
        }
        Object key = before.fileKey();
        if ((key != null && LISTENING.contains(key)) || !refusesConnections(path)) {
            return;
        }
        BasicFileAttributes now = attributes(path);
        if (now != null && Objects.equals(key, now.fileKey())) {
            Files.deleteIfExists(path);
        }
    }

    private static boolean isSocket(Path path) throws IOException {
        try {
            // S_IFSOCK in the file type bits; "unix" attributes exist on Linux and macOS
            return Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) instanceof Integer mode
                    && (mode & 0170000) == 0140000;
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return true; // no "unix" view: "other" (not file, directory or link) is the best answer there is
        }
    }

    /** Whether a stream connect to the path is refused: no socket is bound to that file. */
    private static boolean refusesConnections(Path path) {
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.configureBlocking(false);
            probe.connect(UnixDomainSocketAddress.of(path));
            return false; // someone listens; the probe is closed at once, without a byte sent
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false; // "try again" (a full backlog), "permission denied", ...: not provably stale
        }
    }

    private static @Nullable BasicFileAttributes attributes(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "UnixSocketFile[" + path + "]";
    }
}
