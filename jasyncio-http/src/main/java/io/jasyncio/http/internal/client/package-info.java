/**
 * The client's internals: the connection pool, the DNS cache, request encoding and response decoding. Not
 * exported; everything here is loop-confined.
 */
@NullMarked
package io.jasyncio.http.internal.client;

import org.jspecify.annotations.NullMarked;
