package io.jasyncio.http.internal;

import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;
import java.util.ArrayDeque;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses the responses a server sends on one connection (see {@link HttpParser} for the rules).
 *
 * <p>A response's framing depends on the request it answers, so the client tells the parser each request's method,
 * in the order sent, with {@link #requestSent(String)} (several when pipelining); without one, {@code GET} is
 * assumed. Response framing (RFC 9112 section 6.3): no body for HEAD, 1xx, 204 and 304; a 2xx to CONNECT and a 101
 * end HTTP/1.1 on the connection; {@code Transfer-Encoding} with {@code chunked} last means chunked, any other
 * {@code Transfer-Encoding} a body until the connection closes; both {@code Transfer-Encoding} and
 * {@code Content-Length} are refused (RFC 9112 calls it a likely smuggling attempt); else {@code Content-Length}
 * bytes, else until close. Interim 1xx responses are reported as messages of their own (their heads say
 * {@link ResponseHead#interim()}) and the final response for the same request follows.
 *
 * <p>Not thread-safe: see {@link HttpParser}.
 */
public final class ResponseParser extends HttpParser<ResponseHead> {

    /** Methods of the requests sent whose final responses have not been read, oldest first. */
    private final ArrayDeque<String> methods = new ArrayDeque<>();

    private @Nullable HttpVersion version;
    private int status;
    private @Nullable String reason;

    /**
     * Creates a parser for the responses of one connection.
     *
     * @param listener receives each response's parts
     * @param limits the size limits
     */
    public ResponseParser(MessageListener<ResponseHead> listener, ParserLimits limits) {
        super(listener, limits);
    }

    /**
     * Records that a request with {@code method} was sent, so that its response is framed accordingly (no body for
     * {@code HEAD}, a tunnel after a 2xx to {@code CONNECT}). Call it once per request, in sending order.
     */
    public void requestSent(String method) {
        methods.addLast(Objects.requireNonNull(method, "method"));
    }

    /** {@code HTTP-version SP 3DIGIT [SP reason-phrase]}. */
    @Override
    void startLine(byte[] bytes, int start, int end, boolean complete) throws HttpParseException {
        int n = end - start;
        var parsed = version(bytes, start, start + Math.min(n, 8), complete || n >= 8, true);
        if (n > 8 && bytes[start + 8] != ' ') {
            throw new HttpParseException(
                    400,
                    "invalid character " + HttpSyntax.describe(bytes[start + 8])
                            + " after the HTTP version (expected one space)");
        }
        int code = 0;
        for (int i = start + 9; i < Math.min(end, start + 12); i++) {
            byte b = bytes[i];
            if (b < '0' || b > '9') {
                throw new HttpParseException(
                        400, "status code is not three digits (found " + HttpSyntax.describe(b) + ")");
            }
            code = code * 10 + (b - '0');
        }
        if (complete && n < 12) {
            throw new HttpParseException(400, "status line too short for a three-digit status code");
        }
        if (n > 12 && bytes[start + 12] != ' ') {
            throw new HttpParseException(
                    400, "invalid character " + HttpSyntax.describe(bytes[start + 12]) + " after the status code");
        }
        for (int i = start + 13; i < end; i++) {
            if (!HttpSyntax.isFieldValue(bytes[i])) {
                throw new HttpParseException(
                        400, "invalid character " + HttpSyntax.describe(bytes[i]) + " in the reason phrase");
            }
        }
        if (n >= 12 && (code < 100 || code > 599)) {
            throw new HttpParseException(400, "status code " + code + " is outside 100-599");
        }
        if (complete) {
            version = parsed;
            status = code;
            reason = n > 13 ? latin1(bytes, start + 13, end) : "";
        }
    }

    @Override
    ResponseHead headRead(HeadFields fields) throws HttpParseException {
        HttpVersion version = Objects.requireNonNull(this.version);
        boolean interim = status < 200 && status != 101;
        String method = interim ? methods.peekFirst() : methods.pollFirst();
        if (method == null) {
            method = "GET";
        }
        Framing framing;
        long length = -1;
        boolean upgrade = false;
        if (status == 101) {
            framing = Framing.NONE;
            upgrade = true;
        } else if (interim || status == 204 || status == 304 || method.equals("HEAD")) {
            framing = Framing.NONE;
        } else if (method.equals("CONNECT") && status < 300) {
            framing = Framing.NONE;
            upgrade = true;
        } else if (fields.transferEncoding) {
            if (fields.contentLength >= 0) {
                throw new HttpParseException(400, "both Content-Length and Transfer-Encoding");
            }
            if (version == HttpVersion.HTTP_1_0) {
                throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 response");
            }
            framing = fields.chunkedLast ? Framing.CHUNKED : Framing.UNTIL_CLOSE;
        } else if (fields.contentLength >= 0) {
            framing = Framing.LENGTH;
            length = fields.contentLength;
        } else {
            framing = Framing.UNTIL_CLOSE;
        }
        boolean keepAlive = framing != Framing.UNTIL_CLOSE && fields.persistent(version);
        return new ResponseHead(
                version, status, Objects.requireNonNull(reason), fields.headers, framing, length, keepAlive, upgrade);
    }
}
