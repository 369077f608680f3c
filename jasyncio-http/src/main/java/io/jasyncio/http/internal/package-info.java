/**
 * Internals shared by the HTTP client and server, not exported: the HTTP/1.1 message parser
 * ({@link io.jasyncio.http.internal.HttpParser}, with {@link io.jasyncio.http.internal.RequestParser} and
 * {@link io.jasyncio.http.internal.ResponseParser}) and the heads it produces.
 */
@NullMarked
package io.jasyncio.http.internal;

import org.jspecify.annotations.NullMarked;
