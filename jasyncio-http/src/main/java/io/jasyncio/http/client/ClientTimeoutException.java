package io.jasyncio.http.client;

import java.net.URI;
import java.time.Duration;

/**
 * A limit of {@link ClientTimeout} passed (aiohttp raises {@code asyncio.TimeoutError} and its
 * {@code ServerTimeoutError}); {@link #kind()} says which one. The request's connection is closed, never pooled.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ClientTimeoutException extends ClientException {
    private static final long serialVersionUID = 1L;

    /** Which limit of {@link ClientTimeout} passed. */
    public enum Kind {
        /** {@link ClientTimeout#total()}: the whole request, body included. */
        TOTAL,
        /** {@link ClientTimeout#connect()}: waiting for a pooled connection plus connecting. */
        CONNECT,
        /** {@link ClientTimeout#sockConnect()}: the TCP connect itself. */
        SOCK_CONNECT,
        /** {@link ClientTimeout#sockRead()}: the longest wait for bytes from the server. */
        SOCK_READ
    }

    private final Kind kind;
    private final transient Duration limit;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param kind the limit that passed
     * @param limit its value
     */
    public ClientTimeoutException(URI url, Kind kind, Duration limit) {
        this(url, kind, limit, null);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param url the request's URL
     * @param kind the limit that passed
     * @param limit its value
     * @param cause the underlying timeout, or {@code null}
     */
    public ClientTimeoutException(
            URI url, Kind kind, Duration limit, @org.jspecify.annotations.Nullable Throwable cause) {
        super(url, kind.name().toLowerCase(java.util.Locale.ROOT) + " timeout (" + limit + ") passed", cause);
        this.kind = kind;
        this.limit = limit;
    }

    /**
     * Returns which limit passed.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * Returns the limit that passed.
     *
     * @return the duration
     */
    public Duration limit() {
        return limit;
    }
}
