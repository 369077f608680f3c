package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;

/**
 * The header fields of the head being read, and what they say about its framing and its connection: the
 * {@code Content-Length}, the transfer codings, the {@code Connection} options and whether an {@code Upgrade} was
 * asked for. {@link HttpParser} adds each field as it reads it; {@link RequestParser} and {@link ResponseParser}
 * decide the framing from these facts when the head ends, after which the parser {@link #reset() resets} them for
 * the next message. The checks here are the ones on field values that request smuggling needs (a repeated or
 * non-decimal {@code Content-Length}, {@code chunked} twice or with parameters, an unbalanced quote).
 *
 * <p>Not thread-safe: one per parser.
 */
final class HeadFields {
    /** The fields of the head being read; a new map for each head (the head read keeps the previous one). */
    HttpHeaders headers = HeadersAccess.create();
    /** The {@code Content-Length}, or -1 if there was none. */
    long contentLength = -1;
    /** Whether a {@code Transfer-Encoding} field occurred (even an empty one). */
    boolean transferEncoding;
    /** Whether {@code chunked} is the last transfer coding so far. */
    boolean chunkedLast;
    /** Whether {@code chunked} occurred at all. */
    private boolean chunkedSeen;
    /** Whether the {@code Connection} options include {@code close}. */
    boolean connectionClose;
    /** Whether the {@code Connection} options include {@code keep-alive}. */
    boolean connectionKeepAlive;
    /** Whether the {@code Connection} options include {@code upgrade}. */
    boolean connectionUpgrade;
    /** Whether a non-empty {@code Upgrade} field occurred. */
    boolean upgradeField;

    /**
     * Adds the field {@code name: value} whose name is {@code bytes[start, nameEnd)} and value
     * {@code bytes[valueStart, valueEnd)}, noting what it says about framing.
     *
     * @throws HttpParseException if it is a framing field whose value is invalid
     */
    void add(byte[] bytes, int start, int nameEnd, int valueStart, int valueEnd, String name, String value)
            throws HttpParseException {
        switch (nameEnd - start) {
            case 14 -> {
                if (HttpSyntax.equalsIgnoreCase(bytes, start, nameEnd, "content-length")) {
                    contentLength(bytes, valueStart, valueEnd);
                }
            }
            case 17 -> {
                if (HttpSyntax.equalsIgnoreCase(bytes, start, nameEnd, "transfer-encoding")) {
                    transferEncoding(bytes, valueStart, valueEnd);
                }
            }
            case 10 -> {
                if (HttpSyntax.equalsIgnoreCase(bytes, start, nameEnd, "connection")) {
                    connection(bytes, valueStart, valueEnd);
                }
            }
            case 7 -> {
                if (HttpSyntax.equalsIgnoreCase(bytes, start, nameEnd, "upgrade")) {
                    upgradeField |= valueEnd > valueStart;
                }
            }
            default -> {}
        }
        HeadersAccess.addTrusted(headers, name, value);
    }

    /** Returns whether the connection persists after a message of {@code version} with the options seen. */
    boolean persistent(HttpVersion version) {
        return !connectionClose && (version == HttpVersion.HTTP_1_1 || connectionKeepAlive);
    }

    /** Forgets the head read, for the next one. */
    void reset() {
        headers = HeadersAccess.create();
        contentLength = -1;
        transferEncoding = false;
        chunkedLast = false;
        chunkedSeen = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        upgradeField = false;
    }

    private void contentLength(byte[] bytes, int start, int end) throws HttpParseException {
        if (contentLength >= 0) {
            throw new HttpParseException(400, "repeated Content-Length field");
        }
        if (start == end) {
            throw new HttpParseException(400, "empty Content-Length");
        }
        long length = 0;
        for (int i = start; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw new HttpParseException(
                        400,
                        "Content-Length is not a decimal number: \""
                                + HttpParser.latin1(bytes, start, Math.min(end, start + 40)) + "\"");
            }
            if (length > (Long.MAX_VALUE - digit) / 10) {
                throw new HttpParseException(400, "Content-Length overflows");
            }
            length = length * 10 + digit;
        }
        contentLength = length;
    }

    /** {@code #transfer-coding}: each element a token, optionally with parameters; empty elements are skipped. */
    private void transferEncoding(byte[] bytes, int start, int end) throws HttpParseException {
        transferEncoding = true;
        int i = start;
        while (i < end) {
            while (i < end && (bytes[i] == ',' || HttpSyntax.isWhitespace(bytes[i]))) {
                i++;
            }
            if (i == end) {
                break;
            }
            int nameStart = i;
            while (i < end && HttpSyntax.isToken(bytes[i])) {
                i++;
            }
            if (i == nameStart) {
                throw new HttpParseException(
                        400, "invalid character " + HttpSyntax.describe(bytes[i]) + " in Transfer-Encoding");
            }
            boolean chunked = HttpSyntax.equalsIgnoreCase(bytes, nameStart, i, "chunked");
            while (i < end && HttpSyntax.isWhitespace(bytes[i])) {
                i++;
            }
            if (i < end && bytes[i] == ';') {
                if (chunked) {
                    throw new HttpParseException(400, "the chunked transfer coding takes no parameters");
                }
                i = skipParameters(bytes, i, end);
            } else if (i < end && bytes[i] != ',') {
                throw new HttpParseException(
                        400, "invalid character " + HttpSyntax.describe(bytes[i]) + " in Transfer-Encoding");
            }
            if (chunked && chunkedSeen) {
                throw new HttpParseException(400, "chunked transfer coding applied more than once");
            }
            chunkedSeen |= chunked;
            chunkedLast = chunked;
        }
    }

    /** Skips a coding's parameters up to the next comma outside a quoted-string; returns that comma's index. */
    private static int skipParameters(byte[] bytes, int i, int end) throws HttpParseException {
        boolean quoted = false;
        for (; i < end; i++) {
            byte b = bytes[i];
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ',') {
                return i;
            }
        }
        if (quoted) {
            throw new HttpParseException(400, "unterminated quoted-string in Transfer-Encoding");
        }
        return end;
    }

    /** {@code #connection-option}: notes {@code close}, {@code keep-alive} and {@code upgrade}. */
    private void connection(byte[] bytes, int start, int end) {
        int i = start;
        while (i < end) {
            while (i < end && (bytes[i] == ',' || HttpSyntax.isWhitespace(bytes[i]))) {
                i++;
            }
            int optionStart = i;
            while (i < end && bytes[i] != ',' && !HttpSyntax.isWhitespace(bytes[i])) {
                i++;
            }
            connectionClose |= HttpSyntax.equalsIgnoreCase(bytes, optionStart, i, "close");
            connectionKeepAlive |= HttpSyntax.equalsIgnoreCase(bytes, optionStart, i, "keep-alive");
            connectionUpgrade |= HttpSyntax.equalsIgnoreCase(bytes, optionStart, i, "upgrade");
        }
    }
}
