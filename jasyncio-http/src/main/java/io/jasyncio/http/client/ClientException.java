package io.jasyncio.http.client;

import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * The root of the client's failures (aiohttp's {@code ClientError}): every I/O failure of a request is one of its
 * subclasses, and its message names the URL.
 *
 * <pre>
 * ClientException
 * +-- ClientConnectionException       could not connect (unknown host, refused, ...)
 * +-- ServerDisconnectedException     the server closed before the response was complete
 * +-- ClientPayloadException          the body was broken (truncated, wrong length, bad encoding)
 * +-- InvalidResponseException        the response could not be parsed (bad status line, framing)
 * +-- ClientTimeoutException          a limit of {@link ClientTimeout} passed (its kind() tells which)
 * +-- ResponseStatusException         raiseForStatus: the status was 400 or more
 * +-- TooManyRedirectsException       more redirects than allowed
 * </pre>
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ClientException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The URL of the request that failed. */
    private final transient @Nullable URI url;

    /**
     * Creates an exception for a request.
     *
     * @param url the request's URL, named in the message
     * @param message what went wrong
     * @param cause the underlying failure, or {@code null}
     */
    public ClientException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url == null ? message : message + ": " + url, cause);
        this.url = url;
    }

    /**
     * Returns the URL of the request that failed.
     *
     * @return the URL, or {@code null} when the failure concerned no single request
     */
    public @Nullable URI url() {
        return url;
    }
}
