package io.jasyncio.http;

/**
 * The HTTP/1.x protocol version of a message (aiohttp's {@code HttpVersion10}/{@code HttpVersion11}).
 *
 * <p>A message of a later HTTP/1 minor version ("HTTP/1.2") is read as HTTP/1.1, as RFC 9112 section 2.3 asks.
 */
public enum HttpVersion {
    /** HTTP/1.0: a connection closes after each message unless both sides ask for keep-alive. */
    HTTP_1_0("HTTP/1.0"),
    /** HTTP/1.1: connections persist unless a side sends {@code Connection: close}. */
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** Returns the version as it appears on the wire, {@code HTTP/1.0} or {@code HTTP/1.1}. */
    @Override
    public String toString() {
        return text;
    }
}
