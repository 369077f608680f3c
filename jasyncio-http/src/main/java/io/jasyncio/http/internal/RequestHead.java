package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;

/**
 * The request line and header fields of a request.
 *
 * @param method the method token, e.g. {@code GET}
 * @param target the request target as sent (origin, absolute, authority or asterisk form), visible ASCII
 * @param version the protocol version
 * @param headers the header fields in the order received
 * @param framing how the body is delimited
 * @param contentLength the body length for {@link Framing#LENGTH}, else -1
 * @param keepAlive whether another request may follow on the connection
 * @param upgrade whether the connection leaves HTTP/1.1 after this request
 */
public record RequestHead(
        String method,
        String target,
        HttpVersion version,
        HttpHeaders headers,
        Framing framing,
        long contentLength,
        boolean keepAlive,
        boolean upgrade)
        implements MessageHead {

    /** Returns the request line, e.g. {@code GET /index.html HTTP/1.1}. */
    public String requestLine() {
        return method + ' ' + target + ' ' + version;
    }
}
