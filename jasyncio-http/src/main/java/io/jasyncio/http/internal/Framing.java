package io.jasyncio.http.internal;

/**
 * How the body of a message is delimited (RFC 9112 section 6.3), decided once its head has been read.
 *
 * <p>{@code NONE -> done}; {@code LENGTH -> Content-Length bytes}; {@code CHUNKED -> chunks, last chunk,
 * trailers}; {@code UNTIL_CLOSE -> every byte until the connection ends} (responses only).
 */
public enum Framing {
    /** No body: a request without {@code Content-Length} or {@code Transfer-Encoding}, a 1xx/204/304 or HEAD response. */
    NONE,
    /** Exactly {@code Content-Length} bytes. */
    LENGTH,
    /** The chunked transfer coding, then optional trailer fields. */
    CHUNKED,
    /** A response whose body ends when the connection closes. */
    UNTIL_CLOSE
}
