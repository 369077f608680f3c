package io.jasyncio.http.server;

import java.io.IOException;
import java.io.Serial;

/**
 * Why a request body could not be read to its end: too large (413), too slow (408), truncated or malformed (400).
 * Thrown by the body's reads; the error handling answers with {@link #status()}.
 */
final class BodyException extends IOException {

    @Serial
    private static final long serialVersionUID = 1L;

    private final int status;

    BodyException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
