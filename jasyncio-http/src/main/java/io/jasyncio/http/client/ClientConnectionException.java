package io.jasyncio.http.client;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientException}: could not connect: an unknown host, a refused connection, a network error while connecting.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ClientConnectionException extends ClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param message what went wrong
     * @param cause the connect failure (UnknownHostException, ConnectException, ...)
     */
    public ClientConnectionException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url, message, cause);
    }
}
