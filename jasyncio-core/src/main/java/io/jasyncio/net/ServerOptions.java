package io.jasyncio.net;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Options for {@link Networking#createServer}.
 *
 * {@snippet :
 * var opts = ServerOptions.defaults().withBacklog(1024).withStartServing(false);
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param backlog the listen backlog: how many connections the kernel queues until they are accepted (it caps the
 *     value at its own maximum)
 * @param reuseAddress set {@code SO_REUSEADDR} (on by default, as asyncio does on Unix)
 * @param reusePort set {@code SO_REUSEPORT}
 * @param startServing accept connections at once (otherwise call {@link Server#startServing()})
 * @param noDelay set {@code TCP_NODELAY} on accepted sockets
 * @param tls TLS server options (asyncio's {@code ssl=}): each accepted connection runs the handshake before its
 *     protocol's {@code connectionMade}; {@code null} for plain TCP
 */
public record ServerOptions(
        int backlog,
        boolean reuseAddress,
        boolean reusePort,
        boolean startServing,
        boolean noDelay,
        @Nullable TlsOptions tls) {

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if the backlog is not positive
     */
    public ServerOptions {
        if (backlog <= 0) {
            throw new IllegalArgumentException("backlog must be positive");
        }
    }

    /**
     * Creates options without TLS (the components before TLS was added).
     *
     * @param backlog see the record
     * @param reuseAddress see the record
     * @param reusePort see the record
     * @param startServing see the record
     * @param noDelay see the record
     */
    public ServerOptions(int backlog, boolean reuseAddress, boolean reusePort, boolean startServing, boolean noDelay) {
        this(backlog, reuseAddress, reusePort, startServing, noDelay, null);
    }

    /**
     * Returns the defaults: the system's largest backlog, {@code SO_REUSEADDR}, serving at once, {@code TCP_NODELAY},
     * no TLS.
     *
     * <p>The backlog is the kernel's maximum ({@code /proc/sys/net/core/somaxconn} on Linux, 4096 where it cannot be
     * read), as Netty and Go choose, not asyncio's 100: with 100, a client opening connections faster than the loop
     * wakes up to accept them overflows the queue, and each dropped connect waits a whole second for the kernel to
     * retry it (a burst of connects then crawls at about a hundred a second).
     */
    public static ServerOptions defaults() {
        return new ServerOptions(SYSTEM_BACKLOG, true, false, true, true, null);
    }

    private static final int SYSTEM_BACKLOG = systemBacklog();

    private static int systemBacklog() {
        // Read as a line: Files.readString of this /proc file (which reports size 0) returned only its first byte.
        try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/core/somaxconn"))) {
            String line = reader.readLine();
            int max = line == null ? 0 : Integer.parseInt(line.strip());
            return max > 0 ? max : 4096;
        } catch (IOException | NumberFormatException | SecurityException e) {
            return 4096; // not Linux, or /proc is hidden: the kernel caps what it is given anyway
        }
    }

    /**
     * Returns a copy with another backlog.
     *
     * @param n the backlog
     * @return the copy
     */
    public ServerOptions withBacklog(int n) {
        return new ServerOptions(n, reuseAddress, reusePort, startServing, noDelay, tls);
    }

    /**
     * Returns a copy with {@code SO_REUSEADDR} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(backlog, on, reusePort, startServing, noDelay, tls);
    }

    /**
     * Returns a copy with {@code SO_REUSEPORT} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(backlog, reuseAddress, on, startServing, noDelay, tls);
    }

    /**
     * Returns a copy that does or does not accept at once.
     *
     * @param on accept at once
     * @return the copy
     */
    public ServerOptions withStartServing(boolean on) {
        return new ServerOptions(backlog, reuseAddress, reusePort, on, noDelay, tls);
    }

    /**
     * Returns a copy that serves TLS (asyncio's {@code ssl=}); see {@link TlsOptions}.
     *
     * @param options server options ({@link TlsOptions#server}), or {@code null} for plain TCP
     * @return the copy
     * @throws IllegalArgumentException if {@code options} are client options
     */
    public ServerOptions withTls(@Nullable TlsOptions options) {
        if (options != null && !options.server()) {
            throw new IllegalArgumentException("a server needs server TLS options (TlsOptions.server)");
        }
        return new ServerOptions(backlog, reuseAddress, reusePort, startServing, noDelay, options);
    }
}
