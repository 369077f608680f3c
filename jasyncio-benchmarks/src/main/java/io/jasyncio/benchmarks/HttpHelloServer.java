package io.jasyncio.benchmarks;

import io.jasyncio.Asyncio;
import io.jasyncio.http.server.Application;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import io.jasyncio.http.server.ServerConfig;

/**
 * The HTTP server's peer for {@code ../shared/peers/run-http.sh}: "Hello, World!" ({@code text/plain}, 13 bytes)
 * on {@code GET /}, keep-alive, no access log, until Ctrl-C or SIGTERM.
 *
 * {@snippet :
 * // EXTRA_PEERS="jasyncio-http=java --add-opens=java.base/java.lang=ALL-UNNAMED \
 * //     -cp jasyncio-benchmarks/target/benchmarks.jar io.jasyncio.benchmarks.HttpHelloServer {PORT}"
 * }
 */
public final class HttpHelloServer {

    private HttpHelloServer() {}

    /**
     * Serves until killed.
     *
     * @param args the port, and optionally the number of worker loops (default 1)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        var app = new Application().get("/", request -> Response.text("Hello, World!"));
        Asyncio.runMain(() -> {
            var loop = Asyncio.loop();
            var main = Asyncio.currentTask().orElseThrow();
            loop.addSignalHandler("TERM", () -> main.cancel("terminated (SIGTERM)"));
            var config = ServerConfig.defaults().withAccessLog(null).withWorkers(workers);
            try (var server = HttpServer.start(app, config, "127.0.0.1", port)) {
                System.out.println("jasyncio-http hello on port " + server.port() + ", " + workers + " worker(s)");
                server.serveForever();
            }
        });
    }
}
