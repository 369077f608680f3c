/**
 * HTTP types shared by the client and the server of jasyncio. {@link io.jasyncio.http.HttpHeaders}
 * is an ordered, case-insensitive, multi-valued header map that rejects names and values that could
 * not be sent on the wire. The client ({@code io.jasyncio.http.client}) and the server
 * ({@code io.jasyncio.http.server}) are not written yet. Types are non-null unless annotated
 * {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.http;

import org.jspecify.annotations.NullMarked;
