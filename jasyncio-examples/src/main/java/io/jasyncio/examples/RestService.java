package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempPath;
import io.jasyncio.http.server.Application;
import io.jasyncio.http.server.HttpException;
import io.jasyncio.http.server.HttpServer;
import io.jasyncio.http.server.Response;
import io.jasyncio.http.server.ServerConfig;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small REST service with the HTTP server (aiohttp.web's tutorial app): JSON in and out, a path parameter, a
 * middleware, a static folder, and a graceful shutdown that lets the request in flight finish. The JDK's
 * {@code HttpClient} plays the client.
 */
public final class RestService implements Example {

    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"\\\\]*)\"");

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new RestService().run(System.out);
    }

    @Override
    public String name() {
        return "rest-service";
    }

    @Override
    public String summary() {
        return "a REST service on the HTTP server: routes, JSON, a middleware, static files, graceful shutdown";
    }

    /** The service: items by id, a timing middleware, a slow endpoint, the static folder. */
    static Application app(Map<Integer, String> items, java.nio.file.Path staticDir) {
        var ids = new AtomicInteger(items.size());
        return new Application()
                .use((request, next) -> {
                    long start = System.nanoTime();
                    var response = next.handle(request);
                    response.headers().set("X-Response-Time", (System.nanoTime() - start) / 1000 + "us");
                    return response;
                })
                .get("/api/items/{id:\\d+}", request -> {
                    int id = Integer.parseInt(request.matchInfo("id"));
                    String name = items.get(id);
                    if (name == null) {
                        throw new HttpException(404, "no item " + id);
                    }
                    return Response.json("{\"id\": " + id + ", \"name\": \"" + name + "\"}");
                })
                .post("/api/items", request -> {
                    var name = NAME.matcher(request.text());
                    if (!name.find()) {
                        throw new HttpException(400, "expected {\"name\": \"...\"}");
                    }
                    int id = ids.incrementAndGet();
                    items.put(id, name.group(1));
                    return Response.json("{\"id\": " + id + ", \"name\": \"" + name.group(1) + "\"}")
                            .status(201);
                })
                .get("/api/slow", request -> {
                    Asyncio.sleep(Duration.ofMillis(300));
                    return Response.text("done");
                })
                .staticFiles("/static", staticDir, false);
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            try (TempPath dir = AsyncFiles.tempDirectory("rest")) {
                AsyncFiles.writeString(dir.path().resolve("index.html"), "<h1>items</h1>\n");
                var items = new ConcurrentSkipListMap<Integer, String>(Map.of(1, "kettle", 2, "toaster"));
                var config = ServerConfig.defaults().withAccessLog(null);
                var server = HttpServer.start(app(items, dir.path()), config, "127.0.0.1", 0);
                String base = "http://127.0.0.1:" + server.port();
                out.println("   serving on " + base);
                try (var client = HttpClient.newHttpClient()) {
                    show(
                            out,
                            client,
                            HttpRequest.newBuilder(URI.create(base + "/api/items/1"))
                                    .build());
                    show(
                            out,
                            client,
                            HttpRequest.newBuilder(URI.create(base + "/api/items"))
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"lamp\"}"))
                                    .header("Content-Type", "application/json")
                                    .build());
                    show(
                            out,
                            client,
                            HttpRequest.newBuilder(URI.create(base + "/api/items/99"))
                                    .build());
                    show(
                            out,
                            client,
                            HttpRequest.newBuilder(URI.create(base + "/static/"))
                                    .build());
                    // A request in flight when the shutdown starts still gets its answer.
                    var slow = client.sendAsync(
                            HttpRequest.newBuilder(URI.create(base + "/api/slow"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    Asyncio.sleep(Duration.ofMillis(100));
                    out.println("   shutting down with a request in flight");
                    server.shutdown(Duration.ofSeconds(5));
                    var answer = Asyncio.await(slow);
                    out.println("   the request in flight finished: " + answer.statusCode() + " " + answer.body());
                }
            }
            return null;
        });
    }

    private static void show(PrintStream out, HttpClient client, HttpRequest request) {
        HttpResponse<String> response = Asyncio.await(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        out.println("   " + request.method() + " " + request.uri().getPath() + " -> " + response.statusCode() + " "
                + response.body().strip() + "  (X-Response-Time "
                + (response.headers().firstValue("X-Response-Time").isPresent() ? "set" : "missing") + ")");
    }
}
