package io.jasyncio.http.client;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientException}: the server closed the connection (or reset it) before the response was complete; a request on a reused keep-alive connection that meets this before any response byte is retried once on a fresh connection when it is idempotent.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ServerDisconnectedException extends ClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param message what went wrong
     * @param cause the socket error, or {@code null} for a clean close
     */
    public ServerDisconnectedException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url, message, cause);
    }
}
