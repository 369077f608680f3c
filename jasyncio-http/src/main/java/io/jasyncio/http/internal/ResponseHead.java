package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;

/**
 * The status line and header fields of a response.
 *
 * @param version the protocol version
 * @param status the status code, 100 to 599
 * @param reason the reason phrase, possibly empty (obs-text decoded as ISO-8859-1)
 * @param headers the header fields in the order received
 * @param framing how the body is delimited (which depends on the request's method too)
 * @param contentLength the body length for {@link Framing#LENGTH}, else -1
 * @param keepAlive whether another response may follow on the connection
 * @param upgrade whether the connection leaves HTTP/1.1 after this response (101, or 2xx to CONNECT)
 */
public record ResponseHead(
        HttpVersion version,
        int status,
        String reason,
        HttpHeaders headers,
        Framing framing,
        long contentLength,
        boolean keepAlive,
        boolean upgrade)
        implements MessageHead {

    @Override
    public boolean interim() {
        return status < 200 && status != 101;
    }
}
