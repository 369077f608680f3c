package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.internal.Framing;
import io.jasyncio.http.internal.ResponseHead;
import io.jasyncio.http.internal.client.Errors;
import io.jasyncio.http.internal.client.PoolKey;
import io.jasyncio.http.internal.client.PooledConnection;
import io.jasyncio.http.internal.client.ResponseReader;
import io.jasyncio.http.internal.client.UrlEncoding;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
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
    private final boolean autoDecompress;
    private final boolean retryStale;
    private final RetryPolicy retry;
    private final TraceHooks trace;
    private final @Nullable ProxyConfig proxy;
    private final @Nullable ProxyConfig httpsProxy;
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
        this.autoDecompress = b.autoDecompress;
        this.retryStale = b.retryStale;
        this.retry = b.retry;
        this.trace = b.trace;
        this.proxy =
                b.proxy != null ? b.proxy : b.trustEnv ? ProxyConfig.fromEnvironment(System.getenv(), "http") : null;
        this.httpsProxy =
                b.proxy != null ? b.proxy : b.trustEnv ? ProxyConfig.fromEnvironment(System.getenv(), "https") : null;
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
        long deadline = total == null ? Long.MAX_VALUE : saturatingAdd(loop.time(), total.toNanos());
        Exchange x = new Exchange(request.method(), first, mergedHeaders(request), request.requestBody(), t, deadline);
        x.auth = request.authOrNull() == null ? auth : request.authOrNull();
        x.expectContinue = request.isExpectContinue();
        x.tls = request.tlsOrNull();
        Boolean follow = request.allowRedirectsOrNull();
        int max = request.maxRedirectsOrDefault(maxRedirects);
        List<ClientResponse> history = new ArrayList<>();
        ClientResponse r;
        while (true) {
            r = sendWithRetries(x);
            cookieJar.update(x.url, r.headers().allValues("Set-Cookie"));
            int s = r.status();
            String location = r.headers().firstValue("Location").orElse(null);
            if ((follow != null && !follow) || !isRedirect(s) || location == null) {
                break;
            }
            if (history.size() >= max) {
                r.close();
                throw new TooManyRedirectsException(first, history.size());
            }
            URI next;
            try {
                next = x.url.resolve(UrlEncoding.parse(location));
            } catch (IllegalArgumentException e) {
                r.close();
                throw new InvalidResponseException(x.url, "invalid redirect Location (" + e.getMessage() + ")", e);
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if ((!scheme.equals("http") && !scheme.equals("https")) || next.getHost() == null) {
                break; // a redirect this client cannot follow: the caller gets it
            }
            boolean toGet =
                    (s == 303 && !x.method.equals("HEAD")) || ((s == 301 || s == 302) && x.method.equals("POST"));
            RequestBody b = x.body;
            if (!toGet && b != null && !b.isReplayable()) {
                break; // 307/308 keep the body, but a one-shot stream cannot be sent again
            }
            trace.redirect(x.method, x.url, s, next);
            discard(r);
            history.add(r);
            if (toGet) {
                x.method = "GET";
                x.body = null;
                x.headers.remove("Content-Type");
                x.headers.remove("Content-Length");
                x.headers.remove("Transfer-Encoding");
            }
            if (!origin(next).equals(origin(x.url))) {
                // Credentials are for the origin they were given for (aiohttp, curl and browsers agree).
                x.headers.remove("Authorization");
                x.headers.remove("Cookie");
                x.auth = null;
            }
            x.url = next;
        }
        r.setHistory(history);
        boolean raise = request.raiseForStatusOrNull() == null ? raiseForStatus : request.raiseForStatusOrNull();
        if (raise) {
            r.raiseForStatus();
        }
        return r;
    }

    /** Reads a small redirect body so its connection can be reused; closes a large or unknown one. */
    private static void discard(ClientResponse r) {
        try {
            long len = r.contentLength();
            if (len >= 0 && len <= 64 * 1024) {
                r.read();
            }
        } catch (IOException e) {
            // the connection was closed; nothing else to do
        } finally {
            r.close(); // also when cancelled while reading: the connection is closed, not left in use
        }
    }

    private static boolean isRedirect(int s) {
        return s == 301 || s == 302 || s == 303 || s == 307 || s == 308;
    }

    private static String origin(URI u) {
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u);
    }

    static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The state of one logical request across redirects and retries. */
    private static final class Exchange {
        String method;
        URI url;
        final HttpHeaders headers;

        @Nullable
        RequestBody body;

        final ClientTimeout timeout;
        final long deadline;

        @Nullable
        Auth auth;

        boolean expectContinue;

        @Nullable
        TlsOptions tls;

        Exchange(
                String method,
                URI url,
                HttpHeaders headers,
                @Nullable RequestBody body,
                ClientTimeout timeout,
                long deadline) {
            this.method = method;
            this.url = url;
            this.headers = headers;
            this.body = body;
            this.timeout = timeout;
            this.deadline = deadline;
        }

        boolean isRetryable() {
            RequestBody b = body;
            boolean idempotent = switch (method.toUpperCase(Locale.ROOT)) {
                case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
                default -> false;
            };
            return idempotent && (b == null || b.isReplayable());
        }
    }

    /** A request failed on a reused connection before any response byte: the server had closed it. */
    private static final class StaleConnection extends Exception {
        private static final long serialVersionUID = 1L;
        final ClientException failure;

        StaleConnection(ClientException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private ClientResponse sendWithRetries(Exchange x) throws IOException {
        int attempt = 1;
        boolean fresh = false;
        while (true) {
            ClientResponse r;
            try {
                r = sendOnce(x, fresh);
            } catch (StaleConnection s) {
                if (retryStale && !fresh && x.isRetryable()) {
                    // RFC 9112 §9.3.1: the request may be retried once; the idle connections of this host are
                    // suspect too, so the retry goes to a fresh connection.
                    fresh = true;
                    trace.retry(x.method, x.url, attempt + 1, Duration.ZERO, s.failure);
                    continue;
                }
                throw s.failure;
            } catch (ClientException e) {
                if (attempt < retry.maxAttempts() && x.isRetryable() && isRetryableFailure(e)) {
                    attempt++;
                    pause(x, retry.backoff(attempt), e, attempt);
                    continue;
                }
                throw e;
            }
            if (attempt < retry.maxAttempts() && retry.retryStatuses().contains(r.status()) && x.isRetryable()) {
                Duration wait =
                        RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), retry);
                if (wait == null) {
                    wait = retry.backoff(attempt + 1);
                }
                if (loop.time() + wait.toNanos() - x.deadline < 0) {
                    discard(r);
                    attempt++;
                    pause(x, wait, new ResponseStatusException(x.url, r.status(), r.reason()), attempt);
                    continue;
                }
            }
            return r;
        }
    }

    private void pause(Exchange x, Duration wait, Exception cause, int attempt) {
        trace.retry(x.method, x.url, attempt, wait, cause);
        if (!wait.isZero()) {
            Asyncio.sleep(wait);
        }
    }

    private static boolean isRetryableFailure(ClientException e) {
        if (e instanceof ClientTimeoutException t) {
            return t.kind() != ClientTimeoutException.Kind.TOTAL;
        }
        if (e instanceof ClientTlsException) {
            return false; // the same certificate fails the same way
        }
        return e instanceof ClientConnectionException || e instanceof ServerDisconnectedException;
    }

    /** One hop: a connection, the request written, the response head read. */
    private ClientResponse sendOnce(Exchange x, boolean fresh) throws IOException, StaleConnection {
        URI url = x.url;
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost().toLowerCase(Locale.ROOT);
        int port = port(url);
        boolean https = scheme.equals("https");
        ProxyConfig configured = https ? httpsProxy : proxy;
        ProxyConfig px = configured != null && configured.appliesTo(url) ? configured : null;
        PoolKey key;
        if (px == null) {
            key = connector.key(scheme, host, port, x.tls);
        } else if (https) {
            if (px.isTls()) {
                // The origin's TLS would have to run inside the proxy's TLS, which the core's TLS layer (over a
                // socket) cannot do: refused before anything is sent, rather than silently going direct.
                throw new ClientException(
                        url,
                        "an https URL cannot go through the https:// proxy " + px.hostPort()
                                + " (TLS inside TLS is not supported): use an http:// proxy, whose CONNECT tunnel"
                                + " carries TLS end to end with the origin",
                        null);
            }
            key = connector.tunnelKey(host, port, px, x.tls); // CONNECT, then TLS end to end with the origin
        } else {
            key = connector.proxyKey(px); // absolute-form requests to the proxy (over TLS to an https:// one)
        }
        // Through a tunnel the request is the origin's (origin-form, no Proxy-Authorization): only a plain http
        // request is sent to the proxy itself.
        boolean viaProxy = px != null && !https;
        trace.requestStart(x.method, url);
        long started = loop.time();
        RateLimit rl = connector.rateLimit();
        if (rl != null) {
            rateLimit(x, rl, host + ":" + port);
        }
        // The head is built (auth hook called, every value checked) before a connection is taken: a refused
        // header sends nothing and opens nothing, and a slow token refresh holds no pool slot.
        String authorization;
        try {
            authorization = headerAuth(x);
        } catch (ClientException e) {
            throw e;
        } catch (IOException e) {
            throw new ClientException(url, "the auth hook failed (" + e.getMessage() + ")", e);
        }
        byte[] head = RequestEncoder.encode(
                x.method,
                url,
                viaProxy,
                x.headers,
                x.body,
                authorization,
                cookieJar,
                autoDecompress,
                connector.forceClose(),
                x.expectContinue,
                viaProxy ? px : null);
        PooledConnection c = acquire(x, key, fresh);
        if (c.isReused()) {
            trace.connectionReused(url);
        } else {
            trace.connectionCreated(url, Duration.ofNanos(loop.time() - started));
        }
        ResponseReader rr = c.responses();
        Duration sockRead = x.timeout.sockRead();
        try {
            rr.requestSent(x.method);
            rr.setDeadlines(x.deadline, sockRead == null ? -1 : sockRead.toNanos());
            boolean noReuse = false;
            ResponseHead h;
            RequestBody body = x.body;
            if (x.expectContinue && body != null) {
                writeWithinTotal(x, c, head, null);
                h = awaitContinue(rr);
                if (h == null || h.status() == 100) {
                    writeWithinTotal(x, c, null, body);
                    h = rr.readHead(false);
                } else {
                    noReuse = true; // the body was never sent: the server may still be waiting for it
                }
            } else {
                writeWithinTotal(x, c, head, body);
                h = rr.readHead(false);
            }
            trace.requestEnd(x.method, url, h.status(), Duration.ofNanos(loop.time() - started));
            return new ClientResponse(
                    url,
                    x.method,
                    h.status(),
                    h.reason(),
                    h.headers(),
                    h.framing() == Framing.LENGTH,
                    connector,
                    c,
                    x.timeout.total(),
                    sockRead,
                    autoDecompress,
                    noReuse || h.upgrade());
        } catch (IOException e) {
            boolean stale = c.isReused()
                    && !rr.receivedAny()
                    && !(e instanceof ResponseReader.ReadTimeout)
                    && !(e instanceof ClientException);
            connector.release(c, false);
            ClientException ce = Errors.head(url, e, x.timeout.total(), sockRead);
            trace.requestException(x.method, url, ce);
            if (stale) {
                throw new StaleConnection(ce);
            }
            throw ce;
        } catch (RuntimeException | Error e) {
            // Cancellation included: the connection is mid-request, so it is closed, never pooled.
            connector.release(c, false);
            throw e;
        }
    }

    private @Nullable String headerAuth(Exchange x) throws IOException {
        Auth a = x.auth;
        return a == null || x.headers.contains("Authorization") ? null : a.authorization(x.url);
    }

    private void rateLimit(Exchange x, RateLimit rl, String hostPort) throws ClientTimeoutException {
        if (x.deadline == Long.MAX_VALUE) {
            rl.acquire(hostPort);
            return;
        }
        try {
            Asyncio.withDeadline(x.deadline, () -> rl.acquire(hostPort));
        } catch (TimeoutException e) {
            throw totalTimeout(x);
        }
    }

    private ClientTimeoutException totalTimeout(Exchange x) {
        Duration total = x.timeout.total();
        return new ClientTimeoutException(
                x.url, ClientTimeoutException.Kind.TOTAL, total == null ? Duration.ZERO : total);
    }

    private PooledConnection acquire(Exchange x, PoolKey key, boolean fresh) throws ClientException {
        Duration connect = x.timeout.connect();
        long connectDeadline = connect == null ? Long.MAX_VALUE : saturatingAdd(loop.time(), connect.toNanos());
        long d = Math.min(connectDeadline, x.deadline);
        Duration sockConnect = x.timeout.sockConnect();
        try {
            if (d == Long.MAX_VALUE) {
                return connector.acquire(key, sockConnect, fresh, trace);
            }
            return Asyncio.withDeadline(d, () -> connector.acquire(key, sockConnect, fresh, trace));
        } catch (TimeoutException e) {
            if (d == connectDeadline && connect != null) {
                ClientTimeoutException t =
                        new ClientTimeoutException(x.url, ClientTimeoutException.Kind.CONNECT, connect);
                trace.requestException(x.method, x.url, t);
                throw t;
            }
            throw totalTimeout(x);
        } catch (IOException e) {
            ClientException ce = Errors.connect(x.url, e, sockConnect);
            trace.requestException(x.method, x.url, ce);
            throw ce;
        }
    }

    /** Waits up to a second for {@code 100 Continue} (or a final answer); {@code null} if none came. */
    private static @Nullable ResponseHead awaitContinue(ResponseReader rr) throws IOException {
        try {
            // A cancelled socket read consumes nothing, so the head can still be read after this times out.
            return Asyncio.withTimeout(Duration.ofSeconds(1), () -> rr.readHead(true));
        } catch (TimeoutException e) {
            return null;
        }
    }

    private void writeWithinTotal(Exchange x, PooledConnection c, byte @Nullable [] head, @Nullable RequestBody body)
            throws IOException {
        if (x.deadline == Long.MAX_VALUE) {
            RequestEncoder.write(c.writer(), head, body);
            return;
        }
        try {
            Asyncio.withDeadline(x.deadline, () -> RequestEncoder.write(c.writer(), head, body));
        } catch (TimeoutException e) {
            throw new ResponseReader.ReadTimeout(true);
        }
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

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
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
