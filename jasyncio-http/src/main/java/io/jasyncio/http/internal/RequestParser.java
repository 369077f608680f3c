package io.jasyncio.http.internal;

import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses the requests a client sends on one connection (see {@link HttpParser} for the rules).
 *
 * <p>Request framing (RFC 9112 section 6.3): {@code Transfer-Encoding} whose last coding is {@code chunked} means a
 * chunked body, any other {@code Transfer-Encoding} is refused (400), as is one beside {@code Content-Length} or in
 * an HTTP/1.0 request; else {@code Content-Length} bytes, else no body. {@code CONNECT}, {@code PRI} (the HTTP/2
 * preface) and {@code Connection: upgrade} with {@code Upgrade} end HTTP/1.1 on the connection after the request.
 * Any method token is accepted (RFC 9110 section 9.1); which ones to serve is the server's business, as is the
 * {@code Host} field.
 *
 * <p>Not thread-safe: see {@link HttpParser}.
 */
public final class RequestParser extends HttpParser<RequestHead> {

    private @Nullable String method;
    private @Nullable String target;
    private @Nullable HttpVersion version;

    /**
     * Creates a parser for the requests of one connection.
     *
     * @param listener receives each request's parts
     * @param limits the size limits
     */
    public RequestParser(MessageListener<RequestHead> listener, ParserLimits limits) {
        super(listener, limits);
    }

    /** {@code method SP request-target SP HTTP-version}, single spaces. */
    @Override
    void startLine(byte[] bytes, int start, int end, boolean complete) throws HttpParseException {
        int i = start;
        while (i < end && HttpSyntax.isToken(bytes[i])) {
            i++;
        }
        if (i == end) {
            if (complete) {
                throw new HttpParseException(400, "request line without a target");
            }
            return;
        }
        if (bytes[i] != ' ' || i == start) {
            throw new HttpParseException(
                    400,
                    "invalid character " + HttpSyntax.describe(bytes[i])
                            + (i == start ? " at the start of the request line" : " in the method"));
        }
        int methodEnd = i++;
        int targetStart = i;
        while (i < end && HttpSyntax.isTarget(bytes[i])) {
            i++;
        }
        if (i == end) {
            if (complete) {
                throw new HttpParseException(
                        400, "request line without an HTTP version (HTTP/0.9 requests are not supported)");
            }
            return;
        }
        if (bytes[i] != ' ' || i == targetStart) {
            throw new HttpParseException(
                    400,
                    "invalid character " + HttpSyntax.describe(bytes[i])
                            + " in the request target (only visible ASCII is allowed; spaces separate the parts)");
        }
        int targetEnd = i++;
        var parsed = version(bytes, i, end, complete, false);
        if (complete) {
            method = method(bytes, start, methodEnd);
            target = latin1(bytes, targetStart, targetEnd);
            version = parsed;
        }
    }

    @Override
    RequestHead headRead(HeadFields fields) throws HttpParseException {
        String method = Objects.requireNonNull(this.method);
        HttpVersion version = Objects.requireNonNull(this.version);
        Framing framing;
        long length = -1;
        if (fields.transferEncoding) {
            if (fields.contentLength >= 0) {
                throw new HttpParseException(400, "both Content-Length and Transfer-Encoding");
            }
            if (version == HttpVersion.HTTP_1_0) {
                throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (!fields.chunkedLast) {
                throw new HttpParseException(400, "Transfer-Encoding whose last coding is not chunked");
            }
            framing = Framing.CHUNKED;
        } else if (fields.contentLength >= 0) {
            framing = Framing.LENGTH;
            length = fields.contentLength;
        } else {
            framing = Framing.NONE;
        }
        boolean connect = method.equals("CONNECT");
        if (connect) {
            // The bytes after a CONNECT head belong to the tunnel, whatever the fields say.
            framing = Framing.NONE;
            length = -1;
        }
        boolean upgrade = connect || method.equals("PRI") || (fields.connectionUpgrade && fields.upgradeField);
        return new RequestHead(
                method,
                Objects.requireNonNull(target),
                version,
                fields.headers,
                framing,
                length,
                fields.persistent(version),
                upgrade);
    }

    /** Returns the method, as a shared constant for the common ones. */
    private static String method(byte[] bytes, int start, int end) {
        for (String known : KNOWN_METHODS) {
            if (known.length() == end - start && matches(bytes, start, known)) {
                return known;
            }
        }
        return latin1(bytes, start, end);
    }

    private static final String[] KNOWN_METHODS = {"GET", "POST", "PUT", "HEAD", "DELETE", "PATCH", "OPTIONS"};

    private static boolean matches(byte[] bytes, int start, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[start + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
