package io.jasyncio.http.client;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * The time limits of a request (aiohttp's {@code ClientTimeout}); {@code null} means no limit. A limit that passes
 * fails the request with a {@link ClientTimeoutException} naming it, and closes the request's connection.
 *
 * {@snippet :
 * var timeout = ClientTimeout.DEFAULT.withTotal(Duration.ofSeconds(10)).withSockRead(Duration.ofSeconds(2));
 * }
 *
 * <p>A session has one; a request may carry its own, which replaces the session's for that request only.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param total the whole request: getting a connection, sending, and reading the response to its end
 * @param connect getting a connection: waiting for a pool slot plus connecting
 * @param sockConnect the TCP connect itself (name resolution included)
 * @param sockRead the longest wait for the next bytes from the server
 */
public record ClientTimeout(
        @Nullable Duration total,
        @Nullable Duration connect,
        @Nullable Duration sockConnect,
        @Nullable Duration sockRead) {

    /** aiohttp's default: 5 minutes in total, 30 s to connect, no other limit. */
    public static final ClientTimeout DEFAULT =
            new ClientTimeout(Duration.ofMinutes(5), null, Duration.ofSeconds(30), null);

    /** No limit at all. */
    public static final ClientTimeout NONE = new ClientTimeout(null, null, null, null);

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a limit is zero or negative
     */
    public ClientTimeout {
        check(total, "total");
        check(connect, "connect");
        check(sockConnect, "sockConnect");
        check(sockRead, "sockRead");
    }

    private static void check(@Nullable Duration d, String name) {
        if (d != null && (d.isNegative() || d.isZero())) {
            throw new IllegalArgumentException(name + " timeout must be positive, got " + d);
        }
    }

    /**
     * Returns a copy with another total limit.
     *
     * @param d the limit, or {@code null} for none
     * @return the copy
     */
    public ClientTimeout withTotal(@Nullable Duration d) {
        return new ClientTimeout(d, connect, sockConnect, sockRead);
    }

    /**
     * Returns a copy with another connect limit (pool wait plus connect).
     *
     * @param d the limit, or {@code null} for none
     * @return the copy
     */
    public ClientTimeout withConnect(@Nullable Duration d) {
        return new ClientTimeout(total, d, sockConnect, sockRead);
    }

    /**
     * Returns a copy with another TCP connect limit.
     *
     * @param d the limit, or {@code null} for none
     * @return the copy
     */
    public ClientTimeout withSockConnect(@Nullable Duration d) {
        return new ClientTimeout(total, connect, d, sockRead);
    }

    /**
     * Returns a copy with another read limit.
     *
     * @param d the limit, or {@code null} for none
     * @return the copy
     */
    public ClientTimeout withSockRead(@Nullable Duration d) {
        return new ClientTimeout(total, connect, sockConnect, d);
    }
}
