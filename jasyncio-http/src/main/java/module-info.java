/**
 * aiohttp-style HTTP for jasyncio: the types shared by the client and the server ({@link
 * io.jasyncio.http.HttpHeaders}), the HTTP/1.1 client ({@link io.jasyncio.http.client.ClientSession}) and the
 * HTTP/1.1 server ({@code io.jasyncio.http.server}). The message parser ({@code io.jasyncio.http.internal}) is not
 * exported. Jackson 3 ({@code tools.jackson.core:jackson-databind}) is optional: add it for JSON bodies.
 */
module io.jasyncio.http {
    requires transitive io.jasyncio;
    requires static tools.jackson.databind;

    exports io.jasyncio.http;
    exports io.jasyncio.http.client;
    exports io.jasyncio.http.server;
}
