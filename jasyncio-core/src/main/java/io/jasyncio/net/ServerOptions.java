package io.jasyncio.net;

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
 * @param backlog the listen backlog
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

    /** Returns the defaults: backlog 100, {@code SO_REUSEADDR}, serving at once, {@code TCP_NODELAY}, no TLS. */
    public static ServerOptions defaults() {
        return new ServerOptions(100, true, false, true, true, null);
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
