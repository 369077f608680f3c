package io.jasyncio.http.server;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * A web application (aiohttp's {@code web.Application}): routes, middlewares, sub-applications under prefixes,
 * static folders, per-application state and lifecycle hooks. Serve it with {@link HttpServer}.
 *
 * {@snippet :
 * var api = new Application()
 *         .get("/users/{id:\\d+}", request -> Response.json(users.find(request.matchInfo("id"))), "user")
 *         .post("/users", request -> Response.text("created").status(201));
 * var app = new Application()
 *         .use((request, next) -> next.handle(request))    // middlewares wrap in the order added
 *         .mount("/api", api)                               // /api/users/42
 *         .staticFiles("/static", Path.of("public"), false);
 * String url = api.url("user", Map.of("id", "42"));          // "/users/42" within api
 * }
 *
 * <p>Routing: the application's own routes in the order added (a GET route answers HEAD), then its
 * sub-applications by prefix; a path some route matches with another method is a 405 with {@code Allow}, else a
 * 404. A sub-application's middlewares wrap its routes only, inside its parent's.
 *
 * <p>Thread safety: configure an application before serving it; while served it is only read (and its
 * {@link #state()} map is concurrent), so the loops of several workers can share it.
 */
public final class Application {

    /** A startup or shutdown hook. */
    @FunctionalInterface
    public interface Hook {
        /**
         * Runs the hook, as a task of the server's loop.
         *
         * @throws Exception to fail the startup (for startup hooks) or to be logged (shutdown)
         */
        void run(Application app) throws Exception;
    }

    /** A cleanup context: acquires a resource at startup and releases it at cleanup (aiohttp's cleanup_ctx). */
    @FunctionalInterface
    public interface CleanupContext {
        /**
         * Acquires the resource; the returned closeable is closed at cleanup, in reverse order of acquisition.
         *
         * @throws Exception to fail the startup
         */
        AutoCloseable open(Application app) throws Exception;
    }

    private record SubApp(String prefix, Application app) {}

    private final Router router = new Router();
    private final List<Middleware> middlewares = new ArrayList<>();
    private final List<SubApp> subApps = new ArrayList<>();
    private final Map<String, Object> state = new ConcurrentHashMap<>();
    private final List<Hook> onStartup = new ArrayList<>();
    private final List<Hook> onShutdown = new ArrayList<>();
    private final List<CleanupContext> cleanupContexts = new ArrayList<>();
    private volatile boolean frozen;

    /** Creates an empty application. */
    public Application() {}

    /**
     * Adds a route for {@code method} (or {@code *} for any method) and a path pattern with {@code {name}} and
     * {@code {name:regex}} segments.
     *
     * @param name a name for {@link #url}, or {@code null}
     * @return this application
     * @throws IllegalArgumentException if the pattern is invalid or the name is taken
     * @throws IllegalStateException once the application is served
     */
    public Application route(String method, String path, Handler handler, @Nullable String name) {
        checkNotFrozen();
        router.add(Objects.requireNonNull(method, "method"), path, Objects.requireNonNull(handler, "handler"), name);
        return this;
    }

    /**
     * Adds a GET (and HEAD) route; see {@link #route}.
     *
     * @return this application
     */
    public Application get(String path, Handler handler) {
        return route("GET", path, handler, null);
    }

    /**
     * Adds a named GET (and HEAD) route; see {@link #route}.
     *
     * @return this application
     */
    public Application get(String path, Handler handler, String name) {
        return route("GET", path, handler, name);
    }

    /**
     * Adds a POST route; see {@link #route}.
     *
     * @return this application
     */
    public Application post(String path, Handler handler) {
        return route("POST", path, handler, null);
    }

    /**
     * Adds a PUT route; see {@link #route}.
     *
     * @return this application
     */
    public Application put(String path, Handler handler) {
        return route("PUT", path, handler, null);
    }

    /**
     * Adds a PATCH route; see {@link #route}.
     *
     * @return this application
     */
    public Application patch(String path, Handler handler) {
        return route("PATCH", path, handler, null);
    }

    /**
     * Adds a DELETE route; see {@link #route}.
     *
     * @return this application
     */
    public Application delete(String path, Handler handler) {
        return route("DELETE", path, handler, null);
    }

    /**
     * Adds a middleware; the first added is the outermost.
     *
     * @return this application
     */
    public Application use(Middleware middleware) {
        checkNotFrozen();
        middlewares.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /**
     * Mounts {@code sub} under {@code prefix} (aiohttp's {@code add_subapp}): {@code /prefix/x} is routed as
     * {@code /x} in {@code sub}.
     *
     * @return this application
     * @throws IllegalArgumentException if the prefix does not start with {@code /} or ends with one
     */
    public Application mount(String prefix, Application sub) {
        checkNotFrozen();
        if (!prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("a prefix starts with '/' and does not end with one: " + prefix);
        }
        subApps.add(new SubApp(prefix, Objects.requireNonNull(sub, "sub")));
        return this;
    }

    /**
     * Serves the files under {@code root} at {@code prefix} (GET and HEAD), with {@code Range}, {@code ETag} and
     * conditional requests; no path a client sends can reach outside {@code root} ({@code ..}, encoded dots,
     * symbolic links leading out and NUL are refused with 404 or 403).
     *
     * @param listing whether a directory without {@code index.html} is answered with a listing
     * @return this application
     */
    public Application staticFiles(String prefix, Path root, boolean listing) {
        String base = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
        Handler files = new StaticFiles(root, listing, base)::handle;
        route("GET", base + "/{path:.*}", files, null);
        if (!base.isEmpty()) {
            route("GET", base, files, null);
        }
        return this;
    }

    /**
     * Returns the path of the route named {@code name}, its segments filled in and percent-encoded.
     *
     * @throws IllegalArgumentException if no route has that name, or a segment value is missing
     */
    public String url(String name, Map<String, String> values) {
        String path = router.url(name, values);
        if (path == null) {
            throw new IllegalArgumentException("no route named " + name);
        }
        return path;
    }

    /** Returns the application's state, for values its handlers share (aiohttp's {@code app[key]}); concurrent. */
    public Map<String, Object> state() {
        return state;
    }

    /**
     * Adds a hook run when the server starts, before it accepts connections.
     *
     * @return this application
     */
    public Application onStartup(Hook hook) {
        checkNotFrozen();
        onStartup.add(hook);
        return this;
    }

    /**
     * Adds a hook run when the server shuts down, after it stopped accepting and before cleanup.
     *
     * @return this application
     */
    public Application onShutdown(Hook hook) {
        checkNotFrozen();
        onShutdown.add(hook);
        return this;
    }

    /**
     * Adds a cleanup context: opened at startup after the startup hooks, closed at cleanup in reverse order.
     *
     * @return this application
     */
    public Application cleanupContext(CleanupContext context) {
        checkNotFrozen();
        cleanupContexts.add(context);
        return this;
    }

    /** Freezes this application and its sub-applications: no more configuration. */
    void freeze() {
        frozen = true;
        subApps.forEach(sub -> sub.app().freeze());
    }

    /**
     * Returns this application and its mounted sub-applications, depth first, each before its own sub-applications:
     * the order in which their startup and shutdown hooks run and their cleanup contexts open (aiohttp runs a
     * sub-application's signals with its parent's).
     */
    List<Application> withSubApps() {
        var all = new ArrayList<Application>();
        all.add(this);
        for (var sub : subApps) {
            all.addAll(sub.app().withSubApps());
        }
        return all;
    }

    List<Hook> startupHooks() {
        return onStartup;
    }

    List<Hook> shutdownHooks() {
        return onShutdown;
    }

    List<CleanupContext> cleanupContexts() {
        return cleanupContexts;
    }

    /** Routes and handles {@code request} whose path within this application is {@code path}. */
    StreamResponse dispatch(Request request, String path) throws Exception {
        Handler inner = r -> resolve(r, path);
        for (int i = middlewares.size() - 1; i >= 0; i--) {
            var middleware = middlewares.get(i);
            var next = inner;
            inner = r -> middleware.handle(r, next);
        }
        return inner.handle(request);
    }

    private StreamResponse resolve(Request request, String path) throws Exception {
        var resolution = router.resolve(request.method(), path);
        if (resolution instanceof Router.Match match) {
            request.route(this, match.matchInfo());
            return match.route().handler().handle(request);
        }
        for (var sub : subApps) {
            String prefix = sub.prefix();
            if (path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/')) {
                String rest = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
                return sub.app().dispatch(request, rest);
            }
        }
        if (resolution instanceof Router.MethodNotAllowed notAllowed) {
            throw new HttpException(405).withHeader("Allow", String.join(", ", notAllowed.allowed()));
        }
        throw new HttpException(404);
    }

    private void checkNotFrozen() {
        if (frozen) {
            throw new IllegalStateException("the application is being served; configure it before");
        }
    }
}
