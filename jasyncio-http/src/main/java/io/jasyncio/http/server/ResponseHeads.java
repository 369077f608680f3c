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
        return headers.allValues("Connection").stream().anyMatch(v -> v.equalsIgnoreCase("close"));
    }

    /**
     * Returns a response head: the status line, the handler's fields except {@code Content-Length},
     * {@code Transfer-Encoding} and {@code Connection}, a {@code Date} unless the handler set one, then the framing
     * ({@code Content-Length} when {@code contentLength} is known, else {@code Transfer-Encoding: chunked} when
     * {@code chunked}) and {@code Connection: close} (or {@code keep-alive} to an HTTP/1.0 client).
     *
     * @param contentLength the body's length, or -1 for none or unknown
     */
    static byte[] format(
            int status,
            String reason,
            HttpHeaders headers,
            long contentLength,
            boolean chunked,
            boolean keepAlive,
            HttpVersion version) {
        var out = new StringBuilder(256)
                .append("HTTP/1.1 ")
                .append(status)
                .append(' ')
                .append(reason)
                .append("\r\n");
        for (String name : headers.names()) {
            if (name.equalsIgnoreCase("Content-Length")
                    || name.equalsIgnoreCase("Transfer-Encoding")
                    || name.equalsIgnoreCase("Connection")) {
                continue; // the framing and the connection are the server's
            }
            for (String value : headers.allValues(name)) {
                out.append(name).append(": ").append(value).append("\r\n");
            }
        }
        if (!headers.contains("Date")) {
            out.append("Date: ").append(HttpDate.now()).append("\r\n");
        }
        if (contentLength >= 0) {
            out.append("Content-Length: ").append(contentLength).append("\r\n");
        } else if (chunked) {
            out.append("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive) {
            out.append("Connection: close\r\n");
        } else if (version == HttpVersion.HTTP_1_0) {
            out.append("Connection: keep-alive\r\n");
        }
        out.append("\r\n");
        return out.toString().getBytes(StandardCharsets.ISO_8859_1);
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
