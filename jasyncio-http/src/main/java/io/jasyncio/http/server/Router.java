package io.jasyncio.http.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The routes of one application, in the order added: the first whose pattern and method match wins. A GET route
 * answers HEAD too. Mutated while the application is configured, read-only once served.
 */
final class Router {

    /** One route; {@code method} is {@code *} for any method. */
    record Route(
            String method,
            UrlPattern pattern,
            Handler handler,
            @Nullable String name) {}

    /** What resolving a request found. */
    sealed interface Resolution {}

    /** A route matched, with its segment values. */
    record Match(Route route, Map<String, String> matchInfo) implements Resolution {}

    /** The path matched routes, none for this method. */
    record MethodNotAllowed(Set<String> allowed) implements Resolution {}

    /** No route's path matched. */
    record NotFound() implements Resolution {}

    private final List<Route> routes = new ArrayList<>();
    private final Map<String, Route> named = new LinkedHashMap<>();

    void add(String method, String path, Handler handler, @Nullable String name) {
        var route = new Route(method, UrlPattern.parse(path), handler, name);
        if (name != null) {
            if (named.containsKey(name)) {
                throw new IllegalArgumentException("a route is already named " + name);
            }
            named.put(name, route);
        }
        routes.add(route);
    }

    Resolution resolve(String method, String path) {
        Set<String> allowed = null;
        for (var route : routes) {
            var info = route.pattern().match(path);
            if (info == null) {
                continue;
            }
            String routeMethod = route.method();
            if (routeMethod.equals("*")
                    || routeMethod.equals(method)
                    || (method.equals("HEAD") && routeMethod.equals("GET"))) {
                return new Match(route, info);
            }
            if (allowed == null) {
                allowed = new TreeSet<>();
            }
            allowed.add(routeMethod);
            if (routeMethod.equals("GET")) {
                allowed.add("HEAD");
            }
        }
        return allowed == null ? new NotFound() : new MethodNotAllowed(allowed);
    }

    /**
     * Builds the path of the named route.
     *
     * @throws IllegalArgumentException if there is no such route or a value is missing
     */
    @Nullable
    String url(String name, Map<String, String> values) {
        var route = named.get(name);
        return route == null ? null : route.pattern().format(values);
    }
}
