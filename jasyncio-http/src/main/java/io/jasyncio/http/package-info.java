/**
 * HTTP types shared by the client and the server of jasyncio. {@link io.jasyncio.http.HttpHeaders}
 * is an ordered, case-insensitive, multi-valued header map that rejects names and values that could
 * not be sent on the wire; {@link io.jasyncio.http.HttpVersion} is a message's protocol version;
 * {@link io.jasyncio.http.HttpParseException} reports a message that the HTTP/1.1 parser refused,
 * naming what was wrong. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.http;

import org.jspecify.annotations.NullMarked;
