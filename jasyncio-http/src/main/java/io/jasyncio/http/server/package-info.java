/**
 * The HTTP/1.1 server of jasyncio (aiohttp's {@code web}): an {@link io.jasyncio.http.server.Application} with a
 * router and middlewares, served by an {@link io.jasyncio.http.server.HttpServer} on one address, or by an
 * {@link io.jasyncio.http.server.AppRunner} on several {@linkplain io.jasyncio.http.server.Site sites} at once (TCP,
 * TLS, Unix sockets), on the loop's transports. Each request's handler runs as a task, so it may await anything
 * without holding up other requests.
 *
 * {@snippet :
 * var app = new Application()
 *         .get("/hello/{name}", request -> Response.text("Hello, " + request.matchInfo("name")));
 * try (var server = HttpServer.start(app, ServerConfig.defaults(), "127.0.0.1", 8080)) {
 *     server.awaitClosed();
 * }
 * }
 *
 * <p>Everything here is loop-confined unless its Javadoc says otherwise: a request, its response and the handler
 * belong to the loop of the request's connection. An {@code Application} is configured before the server starts and
 * is read-only afterwards, so the loops of {@code workers(n)} share it.
 */
@NullMarked
package io.jasyncio.http.server;

import org.jspecify.annotations.NullMarked;
