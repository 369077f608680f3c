package io.jasyncio.http.client;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.net.StreamWriter;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Writes a request: the head (request line and fields, with the ones the client adds) and the body, with
 * {@code Content-Length} or chunked framing. Every name and value was checked when it entered an
 * {@link HttpHeaders} and the URL when it was parsed, so nothing here can break the head's framing.
 */
final class RequestEncoder {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n', '\r', '\n'};
    /** Bodies up to this size go out in the same write as the head (one segment, often one packet). */
    private static final int COALESCE = 16 * 1024;

    private RequestEncoder() {}

    static byte[] encode(
            String method,
            URI url,
            boolean absoluteForm,
            HttpHeaders headers,
            @Nullable RequestBody body,
            @Nullable String authorization,
            CookieJar jar,
            boolean acceptEncoding,
            boolean close,
            boolean expectContinue,
            @Nullable ProxyConfig proxy) {
        StringBuilder sb = new StringBuilder(256);
        sb.append(method).append(' ').append(target(url, absoluteForm)).append(" HTTP/1.1\r\n");
        if (!headers.contains("Host")) {
            field(sb, "Host", hostHeader(url));
        }
        for (String name : headers.names()) {
            if (skip(name, body)) {
                continue;
            }
            if (name.equalsIgnoreCase("Cookie")) {
                continue; // merged with the jar's below
            }
            for (String v : headers.allValues(name)) {
                field(sb, name, v);
            }
        }
        if (!headers.contains("Accept")) {
            field(sb, "Accept", "*/*");
        }
        if (acceptEncoding && !headers.contains("Accept-Encoding")) {
            field(sb, "Accept-Encoding", "gzip, deflate");
        }
        String cookies = jar.header(url);
        for (String explicit : headers.allValues("Cookie")) {
            cookies = cookies == null ? explicit : cookies + "; " + explicit;
        }
        if (cookies != null) {
            field(sb, "Cookie", cookies);
        }
        if (authorization != null) {
            checkValue(authorization);
            field(sb, "Authorization", authorization);
        }
        if (absoluteForm && proxy != null) {
            BasicAuth pa = proxy.auth();
            if (pa != null) {
                field(sb, "Proxy-Authorization", pa.encode());
            }
        }
        if (body != null) {
            String ct = body.contentType();
            if (ct != null && !headers.contains("Content-Type")) {
                checkValue(ct);
                field(sb, "Content-Type", ct);
            }
            long len = body.contentLength();
            if (len >= 0) {
                field(sb, "Content-Length", Long.toString(len));
            } else {
                field(sb, "Transfer-Encoding", "chunked");
            }
            if (expectContinue) {
                field(sb, "Expect", "100-continue");
            }
        } else if (needsZeroLength(method)) {
            field(sb, "Content-Length", "0");
        }
        if (close) {
            field(sb, "Connection", "close");
        }
        sb.append("\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The client sets the framing and a few fields itself. */
    private static boolean skip(String name, @Nullable RequestBody body) {
        return name.equalsIgnoreCase("Content-Length")
                || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase("Expect")
                || (body != null && name.equalsIgnoreCase("Content-Length"));
    }

    private static boolean needsZeroLength(String method) {
        String m = method.toUpperCase(Locale.ROOT);
        return m.equals("POST") || m.equals("PUT") || m.equals("PATCH");
    }

    private static void checkValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                throw new IllegalArgumentException("a header value cannot contain CR, LF or NUL");
            }
        }
    }

    private static void field(StringBuilder sb, String name, String value) {
        sb.append(name).append(": ").append(value).append("\r\n");
    }

    private static String target(URI url, boolean absoluteForm) {
        String path = url.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        String query = url.getRawQuery();
        String origin = query == null ? path : path + "?" + query;
        return absoluteForm ? url.getScheme().toLowerCase(Locale.ROOT) + "://" + hostHeader(url) + origin : origin;
    }

    private static String hostHeader(URI url) {
        String host = url.getHost();
        int port = url.getPort();
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        if (port < 0 || (port == 80 && !https) || (port == 443 && https)) {
            return host;
        }
        return host + ":" + port;
    }

    /**
     * Writes the head (if any) and the body (if any), then waits until the socket took it (drain).
     *
     * <p><b>Cancellation:</b> the connection is left mid-request; the caller closes it.
     */
    static void write(StreamWriter writer, byte @Nullable [] head, @Nullable RequestBody body) throws IOException {
        try {
            writeUnchecked(writer, head, body);
        } catch (IllegalStateException e) {
            // The transport refuses writes once it is closing: the peer closed or reset the connection.
            throw new java.net.SocketException("the connection was closed while the request was sent");
        }
    }

    private static void writeUnchecked(StreamWriter writer, byte @Nullable [] head, @Nullable RequestBody body)
            throws IOException {
        if (body != null
                && head != null
                && body.contentLength() >= 0
                && body.contentLength() <= COALESCE
                && body instanceof io.jasyncio.http.internal.client.Bodies.Bytes small) {
            byte[] b = small.bytes();
            byte[] both = new byte[head.length + b.length];
            System.arraycopy(head, 0, both, 0, head.length);
            System.arraycopy(b, 0, both, head.length, b.length);
            writer.write(both);
            writer.drain();
            return;
        }
        if (head != null) {
            writer.write(head);
        }
        if (body != null) {
            if (body.contentLength() >= 0) {
                long[] left = {body.contentLength()};
                body.writeTo((bytes, offset, length) -> {
                    if (length > left[0]) {
                        throw new IOException("the body is longer than its announced length");
                    }
                    left[0] -= length;
                    writer.write(java.nio.ByteBuffer.wrap(bytes, offset, length));
                    writer.drain();
                });
                if (left[0] != 0) {
                    throw new IOException("the body is " + left[0] + " bytes shorter than its announced length");
                }
            } else {
                body.writeTo((bytes, offset, length) -> {
                    if (length == 0) {
                        return;
                    }
                    writer.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    writer.write(java.nio.ByteBuffer.wrap(bytes, offset, length));
                    writer.write(CRLF);
                    writer.drain();
                });
                writer.write(LAST_CHUNK);
            }
        }
        writer.drain();
    }
}
