package io.jasyncio.http.client;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.internal.client.UrlEncoding;
import io.jasyncio.net.TlsOptions;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One request to send through a {@link ClientSession}: method, URL, query parameters, headers, body and per-request
 * options (aiohttp's keyword arguments of {@code session.request}). Options left unset take the session's.
 *
 * {@snippet :
 * try (ClientResponse r = session.request(ClientRequest.put("/items/7")
 *         .query("dry_run", "yes")
 *         .header("If-Match", etag)
 *         .body(RequestBody.json(item))
 *         .timeout(ClientTimeout.DEFAULT.withTotal(Duration.ofSeconds(3))))) {
 *     r.raiseForStatus();
 * }
 * }
 *
 * <p>Header names and values are checked as they are added (CR, LF or NUL is refused), and the URL when it is
 * given, so nothing can be injected into the request head.
 *
 * <p><b>Thread safety:</b> not thread-safe; a request is built and sent by one task. It can be sent again.
 */
public final class ClientRequest {
    private final String method;
    private final String url;
    private final List<Map.Entry<String, String>> query = new ArrayList<>();
    private final HttpHeaders headers = HttpHeaders.create();
    private @Nullable RequestBody body;
    private @Nullable ClientTimeout timeout;
    private @Nullable TlsOptions tls;
    private @Nullable Auth auth;
    private @Nullable Boolean allowRedirects;
    private int maxRedirects = -1;
    private @Nullable Boolean raiseForStatus;
    private boolean expectContinue;

    private ClientRequest(String method, String url) {
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                throw new IllegalArgumentException("invalid method: " + method);
            }
        }
        if (method.isEmpty()) {
            throw new IllegalArgumentException("empty method");
        }
        UrlEncoding.parse(url);
        this.method = method;
        this.url = url;
    }

    /**
     * Starts a request.
     *
     * @param method the method, e.g. {@code "PROPFIND"} (upper case is usual; it is sent as given)
     * @param url an absolute URL, or a path resolved against the session's base URL
     * @return the request
     * @throws IllegalArgumentException if the method is not a token or the URL is invalid (control characters,
     *     spaces)
     */
    public static ClientRequest of(String method, String url) {
        return new ClientRequest(method, url);
    }

    /**
     * Starts a GET.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest get(String url) {
        return of("GET", url);
    }

    /**
     * Starts a POST.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest post(String url) {
        return of("POST", url);
    }

    /**
     * Starts a PUT.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest put(String url) {
        return of("PUT", url);
    }

    /**
     * Starts a PATCH.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest patch(String url) {
        return of("PATCH", url);
    }

    /**
     * Starts a DELETE.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest delete(String url) {
        return of("DELETE", url);
    }

    /**
     * Starts a HEAD.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest head(String url) {
        return of("HEAD", url);
    }

    /**
     * Starts an OPTIONS.
     *
     * @param url the URL
     * @return the request
     */
    public static ClientRequest options(String url) {
        return of("OPTIONS", url);
    }

    /**
     * Adds a query parameter, percent-encoded (UTF-8; a space becomes {@code %20}), after those already in the URL.
     *
     * @param name the name
     * @param value the value
     * @return this request
     */
    public ClientRequest query(String name, String value) {
        query.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
        return this;
    }

    /**
     * Adds query parameters in the map's iteration order.
     *
     * @param params the parameters
     * @return this request
     */
    public ClientRequest query(Map<String, String> params) {
        params.forEach(this::query);
        return this;
    }

    /**
     * Adds a header field (after the session's defaults, which a field of the same name replaces).
     *
     * @param name the name
     * @param value the value
     * @return this request
     * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
     */
    public ClientRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /**
     * Sets the body.
     *
     * @param b the body, or {@code null} for none
     * @return this request
     */
    public ClientRequest body(@Nullable RequestBody b) {
        body = b;
        return this;
    }

    /**
     * Replaces the connector's TLS options for this request only (aiohttp's per-request {@code ssl=}): the request
     * then uses, and keeps alive, connections of its own, as the pool is keyed by the TLS options too. Ignored for
     * {@code http} URLs (and for a redirect to one).
     *
     * @param options client options
     * @return this request
     * @throws IllegalArgumentException if they are server options
     */
    public ClientRequest tls(TlsOptions options) {
        if (options.server()) {
            throw new IllegalArgumentException("a request needs client TLS options (TlsOptions.client)");
        }
        tls = options;
        return this;
    }

    /**
     * Replaces the session's time limits for this request only.
     *
     * @param t the limits
     * @return this request
     */
    public ClientRequest timeout(ClientTimeout t) {
        timeout = t;
        return this;
    }

    /**
     * Replaces the session's auth for this request only.
     *
     * @param a the auth
     * @return this request
     */
    public ClientRequest auth(Auth a) {
        auth = a;
        return this;
    }

    /**
     * Sets whether redirects are followed (yes by default).
     *
     * @param on whether to follow
     * @return this request
     */
    public ClientRequest allowRedirects(boolean on) {
        allowRedirects = on;
        return this;
    }

    /**
     * Sets the most redirects to follow (the session's, 10 by default).
     *
     * @param n the count
     * @return this request
     */
    public ClientRequest maxRedirects(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative redirect count");
        }
        maxRedirects = n;
        return this;
    }

    /**
     * Sets whether a status of 400 or more throws {@link ResponseStatusException} (the session's setting by
     * default).
     *
     * @param on whether to throw
     * @return this request
     */
    public ClientRequest raiseForStatus(boolean on) {
        raiseForStatus = on;
        return this;
    }

    /**
     * Sends {@code Expect: 100-continue} and the body only once the server agreed (or after a second without
     * answer); a final answer instead (401, 413...) saves sending the body.
     *
     * @param on whether to
     * @return this request
     */
    public ClientRequest expectContinue(boolean on) {
        expectContinue = on;
        return this;
    }

    // ------------------------------------------------------------------------------------------------
    // read by the session

    String method() {
        return method;
    }

    String url() {
        return url;
    }

    List<Map.Entry<String, String>> queryParams() {
        return query;
    }

    HttpHeaders headers() {
        return headers;
    }

    @Nullable
    RequestBody requestBody() {
        return body;
    }

    @Nullable
    ClientTimeout timeoutOrNull() {
        return timeout;
    }

    @Nullable
    TlsOptions tlsOrNull() {
        return tls;
    }

    @Nullable
    Auth authOrNull() {
        return auth;
    }

    @Nullable
    Boolean allowRedirectsOrNull() {
        return allowRedirects;
    }

    int maxRedirectsOrDefault(int dflt) {
        return maxRedirects < 0 ? dflt : maxRedirects;
    }

    @Nullable
    Boolean raiseForStatusOrNull() {
        return raiseForStatus;
    }

    boolean isExpectContinue() {
        return expectContinue;
    }

    boolean isIdempotent() {
        return switch (method.toUpperCase(Locale.ROOT)) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    @Override
    public String toString() {
        return method + " " + url;
    }
}
