package io.jasyncio.http;

import java.io.IOException;

/**
 * An HTTP/1.1 message that cannot be parsed: its syntax or its framing is invalid (RFC 9112), or it exceeds a limit.
 * The message names what was wrong ("whitespace between header field name and colon", "both Content-Length and
 * Transfer-Encoding"), never echoes more than a short, escaped excerpt of the input.
 *
 * <p>A server answers it with {@link #status()} and closes the connection: once the framing of one message is in
 * doubt, nothing after it on the connection can be trusted. A client fails the request it was reading the response
 * of and discards the connection.
 *
 * <h2>Thread safety</h2>
 *
 * Immutable.
 */
public final class HttpParseException extends IOException {

    private static final long serialVersionUID = 1L;

    /** The status a server answers with: 400, 414, 431 or 505. */
    private final int status;

    /**
     * Creates the exception.
     *
     * @param status the status a server answers with (400, 414, 431 or 505)
     * @param message what was wrong, in a sentence
     * @throws IllegalArgumentException if {@code status} is not a 4xx or 5xx status
     */
    public HttpParseException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    /**
     * Returns the status a server answers this message with: 400 (Bad Request) for invalid syntax or framing, 414
     * (URI Too Long) for an over-long request line, 431 (Request Header Fields Too Large) for an over-long header
     * line or too many fields, 505 (HTTP Version Not Supported) for a version other than HTTP/1.x.
     */
    public int status() {
        return status;
    }
}
