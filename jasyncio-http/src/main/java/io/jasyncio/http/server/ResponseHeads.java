package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The wire form of the response heads the server writes: a handler's response (its fields, then the framing and
 * {@code Connection} fields, which are the server's) and the plain-text answer to a refused request. Stateless: the
 * connection decides keep-alive and framing, this class only writes them down.
 */
final class ResponseHeads {

    private ResponseHeads() {}

    /** Whether a handler's headers ask for {@code Connection: close}. */
    static boolean asksToClose(HttpHeaders headers) {
        for (String value : headers.allValues("Connection")) {
            if (value.equalsIgnoreCase("close")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Returns a response head: the status line, the handler's fields except {@code Content-Length},
     * {@code Transfer-Encoding} and {@code Connection}, a {@code Date} unless the handler set one, then the framing
     * ({@code Content-Length} when {@code contentLength} is known, else {@code Transfer-Encoding: chunked} when
     * {@code chunked}) and {@code Connection: close} (or {@code keep-alive} to an HTTP/1.0 client). Written straight
     * into bytes, with room for {@code bodyRoom} bytes of body after it.
     *
     * @param contentLength the body's length, or -1 for none or unknown
     */
    static HeadBytes format(
            int status,
            String reason,
            HttpHeaders headers,
            long contentLength,
            boolean chunked,
            boolean keepAlive,
            HttpVersion version,
            int bodyRoom) {
        var out = new HeadBytes(256 + bodyRoom).bytes(Statuses.statusLine(status, reason));
        headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Content-Length")
                    && !name.equalsIgnoreCase("Transfer-Encoding")
                    && !name.equalsIgnoreCase("Connection")) {
                out.field(name, value); // the framing and the connection are the server's
            }
        });
        if (!headers.contains("Date")) {
            out.bytes(HttpDate.nowLine());
        }
        if (contentLength >= 0) {
            out.text("Content-Length: ").number(contentLength).text("\r\n");
        } else if (chunked) {
            out.text("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive) {
            out.text("Connection: close\r\n");
        } else if (version == HttpVersion.HTTP_1_0) {
            out.text("Connection: keep-alive\r\n");
        }
        return out.text("\r\n");
    }

    /** Returns the whole answer to a refused request: a plain-text body naming the reason, then the close. */
    static byte[] refusal(int status, @Nullable String message) {
        String text = status + " " + Statuses.reason(status) + (message == null ? "" : ": " + message) + "\n";
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 " + status + " " + Statuses.reason(status) + "\r\nContent-Type: text/plain; "
                + "charset=utf-8\r\nContent-Length: " + body.length + "\r\nConnection: close\r\nDate: "
                + HttpDate.now() + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, both, 0, headBytes.length);
        System.arraycopy(body, 0, both, headBytes.length, body.length);
        return both;
    }
}
