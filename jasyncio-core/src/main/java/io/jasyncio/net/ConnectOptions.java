package io.jasyncio.net;

import java.net.SocketAddress;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Options for {@link Networking#createConnection}: local address, connect timeout and Happy
 * Eyeballs (RFC 8305).
 *
 * {@snippet :
 * var opts = ConnectOptions.defaults()
 *         .withConnectTimeout(Duration.ofSeconds(5))
 *         .withHappyEyeballsDelay(Duration.ofMillis(250));
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param localAddress the address to bind before connecting, or {@code null}
 * @param connectTimeout the limit for the whole connect (resolution included), or {@code null} for none
 * @param happyEyeballsDelay when set, start the next address's attempt after this delay if the current one
 *     has not finished (attempts race; the first to connect wins); {@code null} tries addresses one by one
 * @param interleave with Happy Eyeballs, how many addresses of the first family come before alternating
 *     families (RFC 8305 "First Address Family Count"); 1 by default when a delay is set
 * @param noDelay set {@code TCP_NODELAY} (on by default, as asyncio does)
 * @param tls TLS client options (asyncio's {@code ssl=}): the connection is made, then the handshake runs, and
 *     {@code connectionMade} (or the returned streams) follow it; {@code null} for plain TCP
 */
public record ConnectOptions(
        @Nullable SocketAddress localAddress,
        @Nullable Duration connectTimeout,
        @Nullable Duration happyEyeballsDelay,
        int interleave,
        boolean noDelay,
        @Nullable TlsOptions tls) {

    /**
     * Validates the options.
     *
     * @throws IllegalArgumentException if a duration is negative or interleave is negative
     */
    public ConnectOptions {
        if (connectTimeout != null && connectTimeout.isNegative()) {
            throw new IllegalArgumentException("negative connect timeout");
        }
        if (happyEyeballsDelay != null && happyEyeballsDelay.isNegative()) {
            throw new IllegalArgumentException("negative Happy Eyeballs delay");
        }
        if (interleave < 0) {
            throw new IllegalArgumentException("negative interleave");
        }
    }

    /**
     * Creates options without TLS (the components before TLS was added).
     *
     * @param localAddress see the record
     * @param connectTimeout see the record
     * @param happyEyeballsDelay see the record
     * @param interleave see the record
     * @param noDelay see the record
     */
    public ConnectOptions(
            @Nullable SocketAddress localAddress,
            @Nullable Duration connectTimeout,
            @Nullable Duration happyEyeballsDelay,
            int interleave,
            boolean noDelay) {
        this(localAddress, connectTimeout, happyEyeballsDelay, interleave, noDelay, null);
    }

    /** Returns the defaults: no local address, no timeout, addresses one by one, {@code TCP_NODELAY}, no TLS. */
    public static ConnectOptions defaults() {
        return new ConnectOptions(null, null, null, 0, true, null);
    }

    /**
     * Returns a copy with a local address.
     *
     * @param address the address to bind
     * @return the copy
     */
    public ConnectOptions withLocalAddress(@Nullable SocketAddress address) {
        return new ConnectOptions(address, connectTimeout, happyEyeballsDelay, interleave, noDelay, tls);
    }

    /**
     * Returns a copy with a connect timeout.
     *
     * @param timeout the limit
     * @return the copy
     */
    public ConnectOptions withConnectTimeout(@Nullable Duration timeout) {
        return new ConnectOptions(localAddress, timeout, happyEyeballsDelay, interleave, noDelay, tls);
    }

    /**
     * Returns a copy with Happy Eyeballs enabled (RFC 8305 recommends 250 ms).
     *
     * @param delay the delay between attempts
     * @return the copy
     */
    public ConnectOptions withHappyEyeballsDelay(@Nullable Duration delay) {
        return new ConnectOptions(
                localAddress, connectTimeout, delay, delay != null && interleave == 0 ? 1 : interleave, noDelay, tls);
    }

    /**
     * Returns a copy with another interleave count.
     *
     * @param count the first address family count
     * @return the copy
     */
    public ConnectOptions withInterleave(int count) {
        return new ConnectOptions(localAddress, connectTimeout, happyEyeballsDelay, count, noDelay, tls);
    }

    /**
     * Returns a copy with {@code TCP_NODELAY} on or off.
     *
     * @param on whether to set it
     * @return the copy
     */
    public ConnectOptions withNoDelay(boolean on) {
        return new ConnectOptions(localAddress, connectTimeout, happyEyeballsDelay, interleave, on, tls);
    }

    /**
     * Returns a copy that speaks TLS (asyncio's {@code ssl=}); see {@link TlsOptions}.
     *
     * @param options client options ({@link TlsOptions#client()}), or {@code null} for plain TCP
     * @return the copy
     * @throws IllegalArgumentException if {@code options} are server options
     */
    public ConnectOptions withTls(@Nullable TlsOptions options) {
        if (options != null && options.server()) {
            throw new IllegalArgumentException("a connection needs client TLS options (TlsOptions.client)");
        }
        return new ConnectOptions(localAddress, connectTimeout, happyEyeballsDelay, interleave, noDelay, options);
    }
}
