/**
 * aiohttp-style HTTP for jasyncio. So far it holds the types shared by the future client and
 * server ({@link io.jasyncio.http.HttpHeaders}).
 */
module io.jasyncio.http {
    requires transitive io.jasyncio;

    exports io.jasyncio.http;
}
