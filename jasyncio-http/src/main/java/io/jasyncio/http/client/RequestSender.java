package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.internal.Framing;
import io.jasyncio.http.internal.ResponseHead;
import io.jasyncio.http.internal.client.Errors;
import io.jasyncio.http.internal.client.PoolKey;
import io.jasyncio.http.internal.client.PooledConnection;
import io.jasyncio.http.internal.client.ResponseReader;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Sends the hops of a {@link ClientSession}'s requests: picks the pool key (direct, through a proxy, or through a
 * {@code CONNECT} tunnel), builds and checks the head before a connection is taken, takes a connection within the
 * connect limit, writes within the total limit, reads the response head, and retries a stale connection (RFC 9112
 * §9.3.1) and what the {@link RetryPolicy} allows.
 *
 * <p>Loop-confined, like its session.
 */
final class RequestSender {
    private final EventLoop loop;
    private final Connector connector;
    private final CookieJar cookieJar;
    private final boolean autoDecompress;
    private final boolean retryStale;
    private final RetryPolicy retry;
    private final TraceHooks trace;
    private final @Nullable ProxyConfig proxy;
    private final @Nullable ProxyConfig httpsProxy;

    RequestSender(
            EventLoop loop,
            Connector connector,
            CookieJar cookieJar,
            boolean autoDecompress,
            boolean retryStale,
            RetryPolicy retry,
            TraceHooks trace,
            @Nullable ProxyConfig proxy,
            @Nullable ProxyConfig httpsProxy) {
        this.loop = loop;
        this.connector = connector;
        this.cookieJar = cookieJar;
        this.autoDecompress = autoDecompress;
        this.retryStale = retryStale;
        this.retry = retry;
        this.trace = trace;
        this.proxy = proxy;
        this.httpsProxy = httpsProxy;
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

    /**
     * Sends one hop with the retries the session allows: once more on a fresh connection after a stale one, and as
     * the {@link RetryPolicy} says for failures and retryable statuses; returns once a response head arrived.
     *
     * <p><b>Cancellation:</b> the connection in use is closed, never pooled half-used.
     */
    ClientResponse send(Exchange x) throws IOException {
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
        int port = ClientSession.port(url);
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

    static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** Reads a small body (a redirect's, a retried answer's) so its connection can be reused; closes a large one. */
    static void discard(ClientResponse r) {
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
}
