package io.jasyncio.http.client;

import java.net.URI;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ClientException}: the server's bytes were not a valid HTTP/1.1 response (an invalid status line, bad framing, oversized headers).
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class InvalidResponseException extends ClientException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param message what went wrong
     * @param cause the parser's exception
     */
    public InvalidResponseException(@Nullable URI url, String message, @Nullable Throwable cause) {
        super(url, message, cause);
    }
}
