/**
 * aiohttp-style HTTP for jasyncio: the types shared by the client and the server ({@link
 * io.jasyncio.http.HttpHeaders}) and the HTTP/1.1 client ({@link io.jasyncio.http.client.ClientSession}).
 * Jackson 3 ({@code tools.jackson.core:jackson-databind}) is optional: add it for JSON bodies.
 */
module io.jasyncio.http {
    requires transitive io.jasyncio;
    requires static tools.jackson.databind;

    exports io.jasyncio.http;
    exports io.jasyncio.http.client;
}
