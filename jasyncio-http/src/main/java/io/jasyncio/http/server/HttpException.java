package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import java.io.Serial;

/**
 * Thrown by a handler or middleware to answer with an HTTP error status (aiohttp's {@code HTTPNotFound},
 * {@code HTTPBadRequest}, …): the server's error handling turns it into a plain-text response with its status, its
 * message as the body and its headers (e.g. {@code Allow} for a 405).
 *
 * {@snippet :
 * throw new HttpException(404, "no user 42");
 * throw HttpException.redirect(303, "/orders/17"); // aiohttp's raise web.HTTPSeeOther("/orders/17")
 * }
 *
 * <p>Not thread-safe while its headers are being added; immutable in use.
 */
public class HttpException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The status: 400 to 599, or a redirect's 3xx (see {@link #redirect}). */
    private final int status;

    /** Extra response headers; transient: an exception's headers are not part of its serial form. */
    private final transient HttpHeaders headers = HttpHeaders.create();

    /**
     * Creates an exception with the standard reason phrase as its message.
     *
     * @param status the status, 400 to 599
     * @throws IllegalArgumentException if {@code status} is not 400 to 599
     */
    public HttpException(int status) {
        this(status, status + " " + Statuses.reason(status));
    }

    /**
     * Creates an exception whose message is the response body.
     *
     * @param status the status, 400 to 599
     * @param message the response body (plain text)
     * @throws IllegalArgumentException if {@code status} is not 400 to 599
     */
    public HttpException(int status, String message) {
        super(message);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("not an error status: " + status);
        }
        this.status = status;
    }

    /** A redirect: status already checked. */
    private HttpException(String message, int status) {
        super(message);
        this.status = status;
    }

    /**
     * Returns an exception that answers with a redirect to {@code location} (aiohttp's {@code HTTPMovedPermanently},
     * {@code HTTPFound}, {@code HTTPSeeOther}, {@code HTTPTemporaryRedirect}, {@code HTTPPermanentRedirect}): the
     * status, a {@code Location} header and a short plain-text body naming the target. Throw it from a handler or a
     * middleware.
     *
     * @param status 301, 302, 303, 307 or 308
     * @param location the target, absolute or relative to the request (sent as it is)
     * @return the exception, to throw
     * @throws IllegalArgumentException if {@code status} is not one of those, or {@code location} holds CR, LF or NUL
     */
    public static HttpException redirect(int status, String location) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("not a redirect status: " + status);
        }
        var e = new HttpException(status + " " + Statuses.reason(status) + ": " + location, status);
        e.headers.set("Location", location);
        return e;
    }

    /** Returns the status. */
    public int status() {
        return status;
    }

    /** Returns the headers the response gets; add to them before throwing. */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Adds a response header.
     *
     * @return this exception
     */
    public HttpException withHeader(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Returns the response this exception stands for. */
    Response toResponse() {
        var response = Response.text(getMessage() == null ? "" : getMessage()).status(status);
        for (String name : headers.names()) {
            for (String value : headers.allValues(name)) {
                response.headers().add(name, value);
            }
        }
        return response;
    }
}
