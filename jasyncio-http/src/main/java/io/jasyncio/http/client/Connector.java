package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.http.internal.client.ConnectionPool;
import io.jasyncio.http.internal.client.DnsCache;
import io.jasyncio.http.internal.client.PoolKey;
import io.jasyncio.http.internal.client.PooledConnection;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.TlsContexts;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link ClientSession} gets its connections (aiohttp's {@code TCPConnector} and {@code UnixConnector}): a
 * keep-alive pool keyed by scheme, host, port and TLS options, with a total {@code limit} (100 by default) and a
 * {@code limitPerHost} (no limit by default), both changeable at run time; a DNS cache whose addresses are raced with
 * Happy Eyeballs (RFC 8305, {@link Builder#happyEyeballsDelay}); an idle keep-alive timeout.
 *
 * {@snippet :
 * var connector = Connector.builder().limit(10).limitPerHost(2).build();
 * try (var session = ClientSession.builder().connector(connector).build()) {
 *     // at most 10 connections, at most 2 to any one host
 *     connector.setLimit(20); // more slots now: waiting requests go ahead
 * }
 * }
 *
 * <h2>https</h2>
 * An {@code https} connection verifies the server's certificate against the JDK's trusted CAs and checks that it
 * names the URL's host (also sent as SNI), unless {@link Builder#tls(TlsOptions)} gives other options (aiohttp's
 * {@code ssl=}: a context trusting a private CA, a client certificate, another server name) or
 * {@link Builder#insecureSkipTlsVerification()} turns the checks off. A failed handshake is a
 * {@link ClientTlsException}. Through an HTTP proxy, an {@code https} connection is a {@code CONNECT} tunnel with TLS
 * inside it, end to end with the origin.
 *
 * {@snippet :
 * SSLContext privateCa = TlsContexts.trusting(Path.of("ca.pem")); // read before the loop runs, or in toThread
 * var connector = Connector.builder().tls(TlsOptions.client(privateCa)).build();
 * }
 *
 * <p>Requests that find no free slot wait in FIFO order (a request held back by its host's limit does not hold back
 * requests to other hosts); a cancelled or timed-out waiter leaves no trace. A connection the server closed while it
 * was idle is noticed and dropped before reuse.
 *
 * <p><b>Thread safety:</b> loop-confined: build it in a task of the loop that will use it.
 */
public final class Connector implements AutoCloseable {
    private final EventLoop loop;
    private final ConnectionPool pool;
    private final @Nullable DnsCache dns;
    private final @Nullable Path unixSocket;
    private final @Nullable Duration happyEyeballsDelay;
    private final boolean forceClose;
    private final int readLimit;
    private final @Nullable RateLimit rateLimit;
    private @Nullable TlsOptions tls;
    /** The default options of {@code https://} proxies (never {@link #tls}: the origin's trust is not the proxy's). */
    private @Nullable TlsOptions proxyTls;

    private boolean closed;

    private Connector(Builder b) {
        this.loop = Asyncio.loop();
        Duration keepAlive = b.forceClose ? null : b.keepAliveTimeout;
        this.pool = new ConnectionPool(loop, b.limit, b.limitPerHost, keepAlive);
        this.dns = b.useDnsCache ? new DnsCache(loop, b.dnsCacheTtl, b.resolver) : null;
        this.unixSocket = b.unixSocket;
        this.happyEyeballsDelay = b.happyEyeballsDelay;
        this.forceClose = b.forceClose;
        this.readLimit = b.readLimit;
        this.rateLimit = b.rateLimit == null ? null : new RateLimit(loop, b.rateLimit);
        this.tls = b.tls;
    }

    /**
     * Returns a connector with the defaults (limit 100, no per-host limit, 15 s keep-alive, 10 s DNS cache).
     *
     * @return the connector, bound to the running loop
     * @throws IllegalStateException if no loop runs on this thread
     */
    public static Connector create() {
        return builder().build();
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the most connections in all.
     *
     * @return the limit, 0 for none
     */
    public int limit() {
        return pool.limit();
    }

    /**
     * Changes the total limit at run time: raising it lets waiting requests go ahead now; lowering it closes idle
     * connections over it now and busy ones as they finish.
     *
     * @param limit the limit, 0 for none
     * @throws IllegalArgumentException if negative
     */
    public void setLimit(int limit) {
        pool.setLimit(limit);
    }

    /**
     * Returns the most connections to one host (one pool key).
     *
     * @return the limit, 0 for none
     */
    public int limitPerHost() {
        return pool.limitPerHost();
    }

    /**
     * Changes the per-host limit at run time, as {@link #setLimit(int)} does.
     *
     * @param limit the limit, 0 for none
     * @throws IllegalArgumentException if negative
     */
    public void setLimitPerHost(int limit) {
        pool.setLimitPerHost(limit);
    }

    /**
     * Returns whether every connection is closed after its request (no keep-alive).
     *
     * @return {@code true} if so
     */
    public boolean forceClose() {
        return forceClose;
    }

    /**
     * Returns the pool's counts.
     *
     * @return a snapshot
     */
    public PoolStats stats() {
        return pool.stats();
    }

    /**
     * Forgets cached DNS answers.
     *
     * @param host one name, or {@code null} for all
     */
    public void clearDnsCache(@Nullable String host) {
        if (dns != null) {
            dns.clear(host);
        }
    }

    /**
     * Returns whether {@link #close()} was called.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return closed;
    }

    /** Closes every connection, idle or busy, and fails the waiting requests; idempotent. */
    @Override
    public void close() {
        closed = true;
        pool.close();
    }

    // ------------------------------------------------------------------------------------------------
    // used by ClientSession

    EventLoop loop() {
        return loop;
    }

    @Nullable
    RateLimit rateLimit() {
        return rateLimit;
    }

    /** The key of a direct connection; {@code requestTls} replaces the connector's TLS options for one request. */
    PoolKey key(String scheme, String host, int port, @Nullable TlsOptions requestTls) {
        TlsOptions t = scheme.equals("https") ? (requestTls != null ? requestTls : tls()) : null;
        return new PoolKey(scheme, host, port, t, unixSocket, null, false);
    }

    /** The key of an {@code https} connection tunnelled through {@code proxy} with {@code CONNECT}. */
    PoolKey tunnelKey(String host, int port, ProxyConfig proxy, @Nullable TlsOptions requestTls) {
        BasicAuth auth = proxy.auth();
        var tunnel = new PoolKey.Tunnel(
                proxy.url().getHost().toLowerCase(Locale.ROOT),
                ClientSession.port(proxy.url()),
                auth == null ? null : auth.encode());
        return new PoolKey("https", host, port, requestTls != null ? requestTls : tls(), unixSocket, tunnel, false);
    }

    /**
     * The key of a connection to a proxy itself, for {@code http} requests in absolute form: plain TCP to an
     * {@code http://} proxy, TLS verified with the proxy's own options to an {@code https://} one.
     */
    PoolKey proxyKey(ProxyConfig proxy) {
        String host = proxy.url().getHost().toLowerCase(Locale.ROOT);
        int port = ClientSession.port(proxy.url());
        TlsOptions t = null;
        if (proxy.isTls()) {
            t = proxy.tls() != null ? proxy.tls() : defaultProxyTls();
        }
        return new PoolKey(t == null ? "http" : "https", host, port, t, unixSocket, null, true);
    }

    /** The JDK's trusted CAs with host-name verification, made on first use (as {@link #tls()}). */
    private TlsOptions defaultProxyTls() {
        TlsOptions t = proxyTls;
        if (t == null) {
            t = TlsOptions.client();
            proxyTls = t;
        }
        return t;
    }

    /**
     * Returns the TLS options of {@code https} connections: the ones given to the builder, else the JDK's default
     * trust with host-name verification (made on first use: the default context loads the CA store).
     *
     * @return the options
     */
    public TlsOptions tls() {
        TlsOptions t = tls;
        if (t == null) {
            t = TlsOptions.client();
            tls = t;
        }
        return t;
    }

    PooledConnection acquire(PoolKey key, @Nullable Duration sockConnect, boolean fresh, TraceHooks trace)
            throws IOException {
        if (fresh) {
            pool.closeIdle(key);
        }
        return pool.acquire(key, k -> connect(k, sockConnect, trace));
    }

    void release(PooledConnection c, boolean reusable) {
        pool.release(c, reusable && !forceClose);
    }

    private Connection connect(PoolKey key, @Nullable Duration sockConnect, TraceHooks trace) throws IOException {
        TlsOptions keyTls = key.tls();
        // The URL's host is the name verified and sent as SNI, whatever address the DNS cache picked (unless the
        // options name another server).
        TlsOptions tlsOptions =
                keyTls == null || keyTls.serverName() != null ? keyTls : keyTls.withServerName(unbracket(key.host()));
        PoolKey.Tunnel tunnel = key.tunnel();
        if (tunnel != null && tlsOptions != null) {
            Connection c = open(tunnel.host(), tunnel.port(), null, sockConnect, trace);
            try {
                openTunnel(c, key, tunnel);
                c.writer().startTls(tlsOptions);
            } catch (IOException | RuntimeException e) {
                c.writer().transport().abort();
                throw e;
            }
            return c;
        }
        if (key.proxy() && tlsOptions != null) {
            try {
                return open(key.host(), key.port(), tlsOptions, sockConnect, trace);
            } catch (SSLException e) {
                // the handshake that failed is the proxy's, not the origin's: say so (a ClientTlsException follows)
                throw new SSLException(
                        "TLS handshake with the proxy " + key.host() + ":" + key.port() + " failed: " + e.getMessage(),
                        e);
            }
        }
        return open(key.host(), key.port(), tlsOptions, sockConnect, trace);
    }

    /**
     * Asks the proxy for a tunnel ({@code CONNECT host:port}, RFC 9110 §9.3.6) and reads its answer: a 2xx opens
     * the tunnel; anything else (407, 403, a closed connection) fails the connection, naming the proxy's status line.
     */
    private static void openTunnel(Connection c, PoolKey key, PoolKey.Tunnel tunnel) throws IOException {
        String authority = key.host() + ":" + key.port();
        StringBuilder sb = new StringBuilder()
                .append("CONNECT ")
                .append(authority)
                .append(" HTTP/1.1\r\nHost: ")
                .append(authority)
                .append("\r\n");
        if (tunnel.authorization() != null) {
            sb.append("Proxy-Authorization: ").append(tunnel.authorization()).append("\r\n");
        }
        c.writer().write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        c.writer().drain();
        String status = line(c);
        String[] parts = status.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("the proxy " + tunnel + " answered CONNECT with an invalid status line: " + status);
        }
        if (parts[1].charAt(0) != '2') {
            throw new IOException("the proxy " + tunnel + " refused to tunnel to " + authority + ": " + status);
        }
        // A 2xx answer to CONNECT has no body (RFC 9110 §9.3.6): the head ends at the empty line, and the next byte
        // is the origin's, in TLS.
        for (int n = 0; !line(c).isEmpty(); n++) {
            if (n > 100) {
                throw new IOException("the proxy " + tunnel + " sent more than 100 header lines after CONNECT");
            }
        }
    }

    private static String line(Connection c) throws IOException {
        byte[] b = c.reader().readLine();
        if (b.length == 0) {
            throw new java.io.EOFException("the proxy closed the connection during CONNECT");
        }
        String s = new String(b, StandardCharsets.ISO_8859_1);
        return s.endsWith("\r\n") ? s.substring(0, s.length() - 2) : s.strip();
    }

    private Connection open(
            String host, int port, @Nullable TlsOptions tlsOptions, @Nullable Duration sockConnect, TraceHooks trace)
            throws IOException {
        Path unix = unixSocket;
        if (unix != null) {
            Connection c = Streams.openUnixConnection(unix, readLimit);
            if (tlsOptions != null) {
                try {
                    c.writer().startTls(tlsOptions);
                } catch (IOException | RuntimeException e) {
                    c.writer().transport().abort();
                    throw e;
                }
            }
            return c;
        }
        ConnectOptions options =
                ConnectOptions.defaults().withConnectTimeout(sockConnect).withTls(tlsOptions);
        DnsCache cache = dns;
        if (isLiteral(host)) {
            return Streams.openConnection(unbracket(host), port, options, readLimit); // one address
        }
        if (cache == null) {
            return Streams.openConnection(host, port, options.withHappyEyeballsDelay(happyEyeballsDelay), readLimit);
        }
        long started = loop.time();
        List<InetAddress> addresses = cache.resolve(host);
        trace.dnsResolved(host, Duration.ofNanos(loop.time() - started));
        List<InetSocketAddress> targets = new ArrayList<>(addresses.size());
        for (InetAddress a : addresses) {
            targets.add(new InetSocketAddress(a, port));
        }
        // The cached addresses are raced as the core races the ones it resolves itself (families interleaved,
        // attempts staggered): a dead first address costs the delay, not a connect timeout.
        return Streams.openConnection(targets, options.withHappyEyeballsDelay(happyEyeballsDelay), readLimit);
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static boolean isLiteral(String host) {
        if (host.indexOf(':') >= 0 || host.startsWith("[")) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "Connector[" + pool + "]";
    }

    /**
     * Options of a {@link Connector}.
     *
     * <p><b>Thread safety:</b> not thread-safe; build in a task.
     */
    public static final class Builder {
        private int limit = 100;
        private int limitPerHost;
        private @Nullable Duration keepAliveTimeout = Duration.ofSeconds(15);
        private boolean useDnsCache = true;
        private @Nullable Duration dnsCacheTtl = Duration.ofSeconds(10);
        private boolean forceClose;
        private @Nullable Path unixSocket;
        private @Nullable Duration happyEyeballsDelay = Duration.ofMillis(250);
        private int readLimit = StreamReader.DEFAULT_LIMIT;
        private RateLimit.@Nullable Rule rateLimit;
        private @Nullable TlsOptions tls;
        private DnsCache.Resolver resolver = DnsCache::systemResolve;

        private Builder() {}

        /**
         * Replaces the system resolver behind the DNS cache (for tests: a name with addresses of their choosing).
         *
         * @param r the resolver
         * @return this builder
         */
        Builder resolver(DnsCache.Resolver r) {
            resolver = r;
            return this;
        }

        /**
         * Sets the TLS options of {@code https} connections (aiohttp's {@code ssl=}): their context decides which
         * certificates are trusted and which client certificate is shown. Unless the options name a server
         * ({@link TlsOptions#withServerName}), each connection verifies, and sends as SNI, its URL's host. The
         * default: {@link TlsOptions#client()}, the JDK's trusted CAs.
         *
         * @param options client options
         * @return this builder
         * @throws IllegalArgumentException if they are server options
         */
        public Builder tls(TlsOptions options) {
            if (options.server()) {
                throw new IllegalArgumentException("a connector needs client TLS options (TlsOptions.client)");
            }
            tls = options;
            return this;
        }

        /**
         * Turns off every check of {@code https} servers (aiohttp's {@code ssl=False}, curl's {@code --insecure}):
         * any certificate is accepted, expired, self-signed or for another host, so whoever sits in the middle can
         * read and change everything. TLS then only encrypts. For tests and closed networks only.
         *
         * @return this builder
         */
        public Builder insecureSkipTlsVerification() {
            tls = TlsOptions.client(TlsContexts.insecureTrustingAnyCertificate())
                    .insecureWithoutHostnameVerification();
            return this;
        }

        /**
         * Sets the most connections in all (100 by default).
         *
         * @param n the limit, 0 for none
         * @return this builder
         */
        public Builder limit(int n) {
            limit = nonNegative(n);
            return this;
        }

        /**
         * Sets the most connections to one host (no limit by default).
         *
         * @param n the limit, 0 for none
         * @return this builder
         */
        public Builder limitPerHost(int n) {
            limitPerHost = nonNegative(n);
            return this;
        }

        /**
         * Sets how long an idle connection is kept for reuse (15 s by default).
         *
         * @param d the time, or {@code null} to close each connection after its request
         * @return this builder
         */
        public Builder keepAliveTimeout(@Nullable Duration d) {
            keepAliveTimeout = d;
            return this;
        }

        /**
         * Turns the DNS cache on or off (on by default). Off, each connection resolves its host anew. Either way
         * the addresses are raced with Happy Eyeballs ({@link #happyEyeballsDelay}).
         *
         * @param on whether to cache
         * @return this builder
         */
        public Builder useDnsCache(boolean on) {
            useDnsCache = on;
            return this;
        }

        /**
         * Sets how long DNS answers are cached (10 s by default).
         *
         * @param ttl the time, or {@code null} for ever
         * @return this builder
         */
        public Builder dnsCacheTtl(@Nullable Duration ttl) {
            dnsCacheTtl = ttl;
            return this;
        }

        /**
         * Closes every connection after its request (no keep-alive).
         *
         * @param on whether to
         * @return this builder
         */
        public Builder forceClose(boolean on) {
            forceClose = on;
            return this;
        }

        /**
         * Connects every request to a Unix domain socket instead (aiohttp's {@code UnixConnector}); the URL's host
         * is only sent in {@code Host}.
         *
         * @param path the socket file
         * @return this builder
         */
        public Builder unixSocket(Path path) {
            unixSocket = path;
            return this;
        }

        /**
         * Sets the Happy Eyeballs delay (RFC 8305; 250 ms by default): a host name's addresses, cached or freshly
         * resolved, are raced, families interleaved, the next attempt starting when the previous one failed or this
         * delay passed, so an unreachable first address costs the delay rather than a connect timeout.
         *
         * @param d the delay, or {@code null} to try addresses one by one
         * @return this builder
         */
        public Builder happyEyeballsDelay(@Nullable Duration d) {
            happyEyeballsDelay = d;
            return this;
        }

        /**
         * Limits how many requests may start per host within a time window (beyond aiohttp): a request over the
         * rate waits, in FIFO order, until the window lets it go.
         *
         * @param requests how many requests per window
         * @param window the window
         * @return this builder
         */
        public Builder rateLimitPerHost(int requests, Duration window) {
            rateLimit = new RateLimit.Rule(requests, window);
            return this;
        }

        /**
         * Sets the read buffer limit of each connection (64 KiB by default): the longest status line or header
         * line accepted, and how much is buffered before reading from the socket pauses.
         *
         * @param bytes the limit
         * @return this builder
         */
        public Builder readLimit(int bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("read limit must be positive");
            }
            readLimit = bytes;
            return this;
        }

        private static int nonNegative(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("a limit cannot be negative (0 means no limit), got " + n);
            }
            return n;
        }

        /**
         * Builds the connector, bound to the running loop.
         *
         * @return the connector
         * @throws IllegalStateException if no loop runs on this thread
         */
        public Connector build() {
            return new Connector(this);
        }
    }
}
