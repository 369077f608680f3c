package io.jasyncio.http.client;

import java.net.URI;

/**
 * The response's status was 400 or more and the request asked for {@code raiseForStatus} (aiohttp's
 * {@code ClientResponseError}). The response was released before this was thrown.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public class ResponseStatusException extends ClientException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String reason;

    /**
     * Creates the exception.
     *
     * @param url the request's URL
     * @param status the status code
     * @param reason the reason phrase
     */
    public ResponseStatusException(URI url, int status, String reason) {
        super(url, status + " " + reason, null);
        this.status = status;
        this.reason = reason;
    }

    /**
     * Returns the status code.
     *
     * @return the status, 400 to 599
     */
    public int status() {
        return status;
    }

    /**
     * Returns the reason phrase.
     *
     * @return the reason
     */
    public String reason() {
        return reason;
    }
}
