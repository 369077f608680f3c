package io.jasyncio.net;

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
 */
public record ServerOptions(
        int backlog, boolean reuseAddress, boolean reusePort, boolean startServing, boolean noDelay) {

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

    /** Returns the defaults: backlog 100, {@code SO_REUSEADDR}, serving at once, {@code TCP_NODELAY}. */
    public static ServerOptions defaults() {
        return new ServerOptions(100, true, false, true, true);
    }

    /**
     * Returns a copy with another backlog.
     *
     * @param n the backlog
     * @return the copy
     */
    public ServerOptions withBacklog(int n) {
        return new ServerOptions(n, reuseAddress, reusePort, startServing, noDelay);
    }

    /**
     * Returns a copy with {@code SO_REUSEADDR} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public ServerOptions withReuseAddress(boolean on) {
        return new ServerOptions(backlog, on, reusePort, startServing, noDelay);
    }

    /**
     * Returns a copy with {@code SO_REUSEPORT} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public ServerOptions withReusePort(boolean on) {
        return new ServerOptions(backlog, reuseAddress, on, startServing, noDelay);
    }

    /**
     * Returns a copy that does or does not accept at once.
     *
     * @param on accept at once
     * @return the copy
     */
    public ServerOptions withStartServing(boolean on) {
        return new ServerOptions(backlog, reuseAddress, reusePort, on, noDelay);
    }
}
