package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;

/**
 * The head of a parsed message, with the framing facts the parser derived from it. A head is only handed out once
 * every rule about its framing has been checked, so a reader can trust {@link #framing()} and
 * {@link #contentLength()}.
 *
 * <p>Immutable apart from {@link #headers()}, which the receiver owns once it has the head.
 */
public sealed interface MessageHead permits RequestHead, ResponseHead {

    /** Returns the protocol version, HTTP/1.0 or HTTP/1.1. */
    HttpVersion version();

    /** Returns the header fields in the order received. */
    HttpHeaders headers();

    /** Returns how the body is delimited. */
    Framing framing();

    /** Returns the body length if {@link #framing()} is {@link Framing#LENGTH}, else -1. */
    long contentLength();

    /**
     * Returns whether the connection can carry another message after this one: HTTP/1.1 without
     * {@code Connection: close}, HTTP/1.0 with {@code Connection: keep-alive}, and never after a body that ends with
     * the connection.
     */
    boolean keepAlive();

    /**
     * Returns whether the connection leaves HTTP/1.1 after this message (an accepted {@code Upgrade}, a
     * {@code CONNECT} tunnel, the HTTP/2 preface): the parser stops and leaves the following bytes unread.
     */
    boolean upgrade();

    /** Returns whether this is an interim (1xx, not 101) response that the final response follows. */
    default boolean interim() {
        return false;
    }
}
