package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.internal.client.UrlEncoding;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP/1.1 client session (aiohttp's {@code ClientSession}): a connection pool ({@link Connector}), default
 * headers, auth, cookies, time limits, redirects, decompression and retries shared by every request made through it.
 * Make one per application (or per group of related requests) and close it when done: closing it closes its
 * connections.
 *
 * {@snippet :
 * try (var session = ClientSession.builder()
 *         .baseUrl("http://127.0.0.1:8080")
 *         .connector(Connector.builder().limit(100).limitPerHost(10).build())
 *         .auth(BasicAuth.of("user", "pass"))
 *         .header("X-Client", "poller")
 *         .build()) {
 *     List<String> readings = Asyncio.gather(sensors.stream()
 *             .map(id -> Asyncio.createTask(() -> {
 *                 try (ClientResponse r = session.get("/sensors/" + id)) {
 *                     r.raiseForStatus();
 *                     return r.text();
 *                 }
 *             }))
 *             .toList());
 * }
 * }
 *
 * <h2>What a request goes through</h2>
 * <ol>
 *   <li>the URL is resolved against the base URL, the query parameters appended (percent-encoded); a URL or header
 *       with CR, LF or another control character is refused before anything is sent;
 *   <li>a connection is taken from the pool (or opened) within {@link ClientTimeout#connect()};
 *   <li>the head and body are sent; the response head is read within {@link ClientTimeout#sockRead()} per read;
 *   <li>cookies are stored, redirects followed (up to 10; 303, and 301/302 after POST, become GET;
 *       {@code Authorization} and explicit cookies are dropped when the origin changes);
 *   <li>a keep-alive connection that the server closed while idle is retried once on a fresh connection when the
 *       request is idempotent and nothing of the response had arrived (RFC 9112 §9.3.1;
 *       {@link Builder#retryStaleConnections(boolean)} turns it off); the {@link RetryPolicy} retries more.
 * </ol>
 *
 * <p><b>Thread safety:</b> loop-confined: build it in a task; every request runs in a task of that loop (any number
 * of them concurrently).
 */
public final class ClientSession implements AutoCloseable {
    private static final String DEFAULT_USER_AGENT = "jasyncio-http/0.1";

    private final EventLoop loop;
    private final @Nullable URI baseUrl;
    private final HttpHeaders defaultHeaders;
    private final @Nullable Auth auth;
    private final CookieJar cookieJar;
    private final ClientTimeout timeout;
    private final boolean raiseForStatus;
    private final int maxRedirects;
    private final Connector connector;
    private final boolean ownsConnector;
    private final TraceHooks trace;
    private final RequestSender sender;
    private boolean closed;

    private ClientSession(Builder b) {
        this.loop = Asyncio.loop();
        this.baseUrl = b.baseUrl;
        this.defaultHeaders = b.headers;
        if (!defaultHeaders.contains("User-Agent")) {
            defaultHeaders.set("User-Agent", DEFAULT_USER_AGENT);
        }
        this.auth = b.auth;
        this.cookieJar = b.cookieJar == null ? CookieJar.create() : b.cookieJar;
        this.timeout = b.timeout;
        this.raiseForStatus = b.raiseForStatus;
        this.maxRedirects = b.maxRedirects;
        Connector c = b.connector;
        this.ownsConnector = c == null || b.ownsConnector;
        this.connector = c == null ? Connector.create() : c;
        this.trace = b.trace;
        ProxyConfig proxy =
                b.proxy != null ? b.proxy : b.trustEnv ? ProxyConfig.fromEnvironment(System.getenv(), "http") : null;
        ProxyConfig httpsProxy =
                b.proxy != null ? b.proxy : b.trustEnv ? ProxyConfig.fromEnvironment(System.getenv(), "https") : null;
        this.sender = new RequestSender(
                loop, connector, cookieJar, b.autoDecompress, b.retryStale, b.retry, trace, proxy, httpsProxy);
    }

    /**
     * Returns a session with the defaults (its own connector, cookie jar, 5-minute total timeout).
     *
     * @return the session, bound to the running loop
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static ClientSession create() {
        return builder().build();
    }

    /**
     * Returns a builder.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------------------------------------
    // requests

    /**
     * Sends a GET.
     *
     * <p><b>Cancellation:</b> the request's connection is closed (never pooled half-used); no pool slot leaks.
     *
     * @param url an absolute URL, or a path resolved against the base URL
     * @return the response, to close
     * @throws ClientException if the request failed (the message names the URL)
     * @throws IllegalArgumentException if the URL is invalid (control characters, spaces, no host)
     */
    public ClientResponse get(String url) throws IOException {
        return request(ClientRequest.get(url));
    }

    /**
     * Sends a POST with a body.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @param body the body, or {@code null}
     * @return the response, to close
     * @throws ClientException if the request failed
     */
    public ClientResponse post(String url, @Nullable RequestBody body) throws IOException {
        return request(ClientRequest.post(url).body(body));
    }

    /**
     * Sends a PUT with a body.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @param body the body, or {@code null}
     * @return the response, to close
     * @throws ClientException if the request failed
     */
    public ClientResponse put(String url, @Nullable RequestBody body) throws IOException {
        return request(ClientRequest.put(url).body(body));
    }

    /**
     * Sends a PATCH with a body.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @param body the body, or {@code null}
     * @return the response, to close
     * @throws ClientException if the request failed
     */
    public ClientResponse patch(String url, @Nullable RequestBody body) throws IOException {
        return request(ClientRequest.patch(url).body(body));
    }

    /**
     * Sends a DELETE.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @return the response, to close
     * @throws ClientException if the request failed
     */
    public ClientResponse delete(String url) throws IOException {
        return request(ClientRequest.delete(url));
    }

    /**
     * Sends a HEAD.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @return the response (without body), to close
     * @throws ClientException if the request failed
     */
    public ClientResponse head(String url) throws IOException {
        return request(ClientRequest.head(url));
    }

    /**
     * Sends an OPTIONS.
     *
     * <p><b>Cancellation:</b> as {@link #get(String)}.
     *
     * @param url the URL
     * @return the response, to close
     * @throws ClientException if the request failed
     */
    public ClientResponse options(String url) throws IOException {
        return request(ClientRequest.options(url));
    }

    /**
     * Sends a request with its options, following redirects and applying retries as configured; returns once the
     * final response's head arrived (read its body, then close it).
     *
     * <p><b>Cancellation:</b> the request's connection is closed (never pooled half-used), a wait for a pool slot
     * leaves the queue; nothing leaks.
     *
     * @param request the request
     * @return the response, to close
     * @throws ClientException if the request failed: {@link ClientConnectionException},
     *     {@link ServerDisconnectedException}, {@link InvalidResponseException}, {@link ClientTimeoutException},
     *     {@link TooManyRedirectsException}, {@link ResponseStatusException} (with {@code raiseForStatus})
     * @throws IllegalArgumentException if the URL is invalid
     * @throws IllegalStateException if the session is closed, or called outside a task of the session's loop
     */
    public ClientResponse request(ClientRequest request) throws IOException {
        checkOpen();
        URI first = UrlEncoding.withQuery(resolve(request.url()), request.queryParams());
        ClientTimeout t = request.timeoutOrNull() == null ? timeout : request.timeoutOrNull();
        Duration total = t.total();
        long deadline = total == null ? Long.MAX_VALUE : RequestSender.saturatingAdd(loop.time(), total.toNanos());
        Exchange x = new Exchange(request.method(), first, mergedHeaders(request), request.requestBody(), t, deadline);
        x.auth = request.authOrNull() == null ? auth : request.authOrNull();
        x.expectContinue = request.isExpectContinue();
        x.tls = request.tlsOrNull();
        Boolean follow = request.allowRedirectsOrNull();
        int max = request.maxRedirectsOrDefault(maxRedirects);
        List<ClientResponse> history = new ArrayList<>();
        ClientResponse r;
        while (true) {
            r = sender.send(x);
            cookieJar.update(x.url, r.headers().allValues("Set-Cookie"));
            if ((follow != null && !follow) || !Redirects.follow(x, r, history, max, first, trace)) {
                break;
            }
        }
        r.setHistory(history);
        boolean raise = request.raiseForStatusOrNull() == null ? raiseForStatus : request.raiseForStatusOrNull();
        if (raise) {
            r.raiseForStatus();
        }
        return r;
    }

    static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private HttpHeaders mergedHeaders(ClientRequest request) {
        HttpHeaders h = HttpHeaders.create();
        HttpHeaders own = request.headers();
        for (String name : defaultHeaders.names()) {
            if (!own.contains(name)) {
                for (String v : defaultHeaders.allValues(name)) {
                    h.add(name, v);
                }
            }
        }
        for (String name : own.names()) {
            for (String v : own.allValues(name)) {
                h.add(name, v);
            }
        }
        return h;
    }

    private URI resolve(String url) {
        URI u = UrlEncoding.parse(url);
        URI base = baseUrl;
        if (!u.isAbsolute()) {
            if (base == null) {
                throw new IllegalArgumentException("a relative URL needs a session base URL: " + url);
            }
            u = base.resolve(u);
        }
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("only http and https URLs are supported: " + url);
        }
        if (u.getHost() == null) {
            throw new IllegalArgumentException("a URL needs a host: " + url);
        }
        return u;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client session is closed");
        }
        EventLoop running = Asyncio.loop();
        if (running != loop) {
            throw new IllegalStateException(
                    "this ClientSession belongs to " + loop + ", but the calling task runs on " + running);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // accessors

    /**
     * Returns the connector (pool, limits, counts).
     *
     * @return the connector
     */
    public Connector connector() {
        return connector;
    }

    /**
     * Returns the cookie jar.
     *
     * @return the jar
     */
    public CookieJar cookieJar() {
        return cookieJar;
    }

    /**
     * Returns the session's time limits (a request's own limits never change them).
     *
     * @return the limits
     */
    public ClientTimeout timeout() {
        return timeout;
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Closes the session and, unless it was shared ({@link Builder#connector(Connector, boolean)}), its connector:
     * every connection, idle or busy, is closed and waiting requests fail. Idempotent.
     */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ownsConnector) {
                connector.close();
            }
        }
    }

    @Override
    public String toString() {
        return "ClientSession[" + (baseUrl == null ? "" : baseUrl + ", ") + connector + (closed ? ", closed" : "")
                + "]";
    }

    /**
     * Options of a {@link ClientSession}.
     *
     * <p><b>Thread safety:</b> not thread-safe; build in a task.
     */
    public static final class Builder {
        private @Nullable URI baseUrl;
        private final HttpHeaders headers = HttpHeaders.create();
        private @Nullable Auth auth;
        private @Nullable CookieJar cookieJar;
        private ClientTimeout timeout = ClientTimeout.DEFAULT;
        private boolean raiseForStatus;
        private int maxRedirects = 10;
        private @Nullable Connector connector;
        private boolean ownsConnector = true;
        private boolean autoDecompress = true;
        private boolean retryStale = true;
        private RetryPolicy retry = RetryPolicy.NONE;
        private TraceHooks trace = TraceHooks.NONE;
        private @Nullable ProxyConfig proxy;
        private boolean trustEnv;

        private Builder() {}

        /**
         * Sets the URL relative request URLs are resolved against.
         *
         * @param url an absolute http or https URL
         * @return this builder
         * @throws IllegalArgumentException if it is invalid or not absolute
         */
        public Builder baseUrl(String url) {
            URI u = UrlEncoding.parse(url);
            if (!u.isAbsolute() || u.getHost() == null) {
                throw new IllegalArgumentException("the base URL must be absolute: " + url);
            }
            baseUrl = u;
            return this;
        }

        /**
         * Adds a header sent with every request (a request's own field of the same name replaces it).
         *
         * @param name the name
         * @param value the value
         * @return this builder
         * @throws IllegalArgumentException if the name is not a token or the value contains CR, LF or NUL
         */
        public Builder header(String name, String value) {
            headers.add(name, value);
            return this;
        }

        /**
         * Sets the {@code User-Agent} ({@code jasyncio-http/0.1} by default).
         *
         * @param value the value
         * @return this builder
         */
        public Builder userAgent(String value) {
            headers.set("User-Agent", value);
            return this;
        }

        /**
         * Sets the auth of every request ({@link BasicAuth}, {@link Auth#bearer}); dropped on redirects to another
         * origin.
         *
         * @param a the auth
         * @return this builder
         */
        public Builder auth(Auth a) {
            auth = a;
            return this;
        }

        /**
         * Sets the cookie jar ({@link CookieJar#disabled()} for none; a new jar by default).
         *
         * @param jar the jar
         * @return this builder
         */
        public Builder cookieJar(CookieJar jar) {
            cookieJar = jar;
            return this;
        }

        /**
         * Sets the time limits ({@link ClientTimeout#DEFAULT} by default).
         *
         * @param t the limits
         * @return this builder
         */
        public Builder timeout(ClientTimeout t) {
            timeout = t;
            return this;
        }

        /**
         * Makes every response with a status of 400 or more throw {@link ResponseStatusException} (off by default).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder raiseForStatus(boolean on) {
            raiseForStatus = on;
            return this;
        }

        /**
         * Sets the most redirects followed (10 by default).
         *
         * @param n the count
         * @return this builder
         */
        public Builder maxRedirects(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("negative redirect count");
            }
            maxRedirects = n;
            return this;
        }

        /**
         * Sets the connector; the session closes it when it closes.
         *
         * @param c the connector
         * @return this builder
         */
        public Builder connector(Connector c) {
            return connector(c, true);
        }

        /**
         * Sets the connector, and whether closing the session closes it (aiohttp's {@code connector_owner}).
         *
         * @param c the connector
         * @param owner whether the session owns it
         * @return this builder
         */
        public Builder connector(Connector c, boolean owner) {
            connector = c;
            ownsConnector = owner;
            return this;
        }

        /**
         * Sets whether {@code gzip} and {@code deflate} bodies are decoded (and asked for with
         * {@code Accept-Encoding}); on by default.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder autoDecompress(boolean on) {
            autoDecompress = on;
            return this;
        }

        /**
         * Sets whether an idempotent request that fails on a reused keep-alive connection before any response byte
         * is retried once on a fresh connection (RFC 9112 §9.3.1); on by default.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder retryStaleConnections(boolean on) {
            retryStale = on;
            return this;
        }

        /**
         * Sets the retry policy ({@link RetryPolicy#NONE} by default).
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder retry(RetryPolicy policy) {
            retry = policy;
            return this;
        }

        /**
         * Sets the tracing hooks.
         *
         * @param hooks the hooks
         * @return this builder
         */
        public Builder trace(TraceHooks hooks) {
            trace = hooks;
            return this;
        }

        /**
         * Sends requests through an HTTP proxy: {@code http} ones in absolute form, {@code https} ones through a
         * {@code CONNECT} tunnel with TLS inside it, end to end with the origin (the proxy sees only the host and
         * port). The credentials go to the proxy only, never to the origin.
         *
         * <p>An {@code https://} proxy is reached over TLS, verified against the JDK's trusted CAs and its host name
         * (see {@link #proxy(String, BasicAuth, TlsOptions)} for other trust); {@code http} requests then travel
         * encrypted to the proxy. An {@code https} URL through an {@code https://} proxy (TLS inside TLS, which
         * aiohttp supports) is refused with a {@link ClientException} before anything is sent.
         *
         * @param url the proxy, {@code http://host:port} or {@code https://host:port}
         * @param proxyAuth its credentials ({@code Proxy-Authorization}), or {@code null}
         * @return this builder
         * @throws IllegalArgumentException if the URL is not an {@code http://} or {@code https://} URL with a host
         */
        public Builder proxy(String url, @Nullable BasicAuth proxyAuth) {
            proxy = ProxyConfig.of(UrlEncoding.parse(url), proxyAuth, List.of());
            return this;
        }

        /**
         * Sends requests through an {@code https://} proxy whose certificate is checked with {@code proxyTls}
         * (a context trusting the proxy's private CA, say), separately from the origins' options
         * ({@link Connector.Builder#tls}); otherwise as {@link #proxy(String, BasicAuth)}. A failed handshake with the
         * proxy is a {@link ClientTlsException} whose message names the proxy.
         *
         * {@snippet :
         * SSLContext proxyCa = TlsContexts.trusting(Path.of("proxy-ca.pem"));
         * var session = ClientSession.builder()
         *         .proxy("https://proxy.internal:3129", null, TlsOptions.client(proxyCa))
         *         .build();
         * }
         *
         * @param url the proxy, {@code https://host:port}
         * @param proxyAuth its credentials ({@code Proxy-Authorization}), or {@code null}
         * @param proxyTls client options for the TLS connection to the proxy (its name is verified unless they name
         *     another server)
         * @return this builder
         * @throws IllegalArgumentException if the URL is not {@code https://}, or the options are server options
         */
        public Builder proxy(String url, @Nullable BasicAuth proxyAuth, TlsOptions proxyTls) {
            proxy = ProxyConfig.of(UrlEncoding.parse(url), proxyAuth, List.of(), proxyTls);
            return this;
        }

        /**
         * Reads the proxies from {@code HTTP_PROXY}/{@code http_proxy} and {@code HTTPS_PROXY}/{@code https_proxy},
         * and the exceptions from {@code NO_PROXY}
         * (off by default, as in aiohttp); an explicit {@link #proxy} wins.
         *
         * @param on whether to
         * @return this builder
         */
        public Builder trustEnv(boolean on) {
            trustEnv = on;
            return this;
        }

        /**
         * Builds the session, bound to the running loop.
         *
         * @return the session
         * @throws IllegalStateException if no loop runs on this thread
         */
        public ClientSession build() {
            return new ClientSession(this);
        }
    }
}
