package io.jasyncio.http.client;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientException}: the response body was broken: the connection closed mid-body, a chunked body was truncated, a body was shorter than its {@code Content-Length}, or its {@code Content-Encoding} could not be decoded.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ClientPayloadException extends ClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param message what went wrong
     * @param cause the underlying failure
     */
    public ClientPayloadException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url, message, cause);
    }
}
