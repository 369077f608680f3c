/**
 * The HTTP/1.1 client, aiohttp's {@code ClientSession} for jasyncio tasks.
 *
 * <ul>
 *   <li>{@link io.jasyncio.http.client.ClientSession}: defaults shared by every request (base URL, headers, auth,
 *       cookies, time limits, redirects, decompression, retries, tracing); close it when done.
 *   <li>{@link io.jasyncio.http.client.Connector}: the keep-alive pool with {@code limit} and {@code limitPerHost},
 *       and the TLS options of {@code https} connections.
 *   <li>{@link io.jasyncio.http.client.ClientRequest}, {@link io.jasyncio.http.client.RequestBody},
 *       {@link io.jasyncio.http.client.Multipart}: what to send.
 *   <li>{@link io.jasyncio.http.client.ClientResponse}, {@link io.jasyncio.http.client.BodyReader}: what came back.
 *   <li>{@link io.jasyncio.http.client.ClientException} and its subclasses: what went wrong, naming the URL.
 * </ul>
 *
 * {@snippet :
 * try (var session = ClientSession.create();
 *         ClientResponse r = session.get("http://127.0.0.1:8080/status")) {
 *     System.out.println(r.status() + " " + r.text());
 * }
 * }
 *
 * <p>Everything here is loop-confined: a session and its responses belong to the loop the session was built on.
 * Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio.http.client;

import org.jspecify.annotations.NullMarked;
