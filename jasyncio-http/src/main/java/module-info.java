/**
 * aiohttp-style HTTP for jasyncio: the types shared by client and server ({@code io.jasyncio.http}) and the
 * HTTP/1.1 server ({@code io.jasyncio.http.server}). The message parser ({@code io.jasyncio.http.internal}) is not
 * exported.
 */
module io.jasyncio.http {
    requires transitive io.jasyncio;

    exports io.jasyncio.http;
    exports io.jasyncio.http.server;
}
