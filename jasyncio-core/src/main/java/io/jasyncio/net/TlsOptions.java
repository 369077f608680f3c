package io.jasyncio.net;

import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * TLS for a connection, a server or an upgrade (asyncio's {@code ssl=}, {@code server_hostname=},
 * {@code ssl_handshake_timeout=} and {@code ssl_shutdown_timeout=}): given to {@link ConnectOptions#withTls},
 * {@link ServerOptions#withTls}, {@link Networking#startTls} or {@link StreamWriter#startTls}.
 *
 * {@snippet :
 * // a client that verifies the server against the JDK's trusted CAs and the host name it connects to
 * Connection c = Streams.openConnection("example.org", 443,
 *         ConnectOptions.defaults().withTls(TlsOptions.client().withAlpnProtocols("http/1.1")),
 *         StreamReader.DEFAULT_LIMIT);
 *
 * // a server with a certificate and key from PEM files (no keytool step)
 * SSLContext ctx = TlsContexts.fromPem(Path.of("cert.pem"), Path.of("key.pem"));
 * Server s = Streams.startServer(handler, "127.0.0.1", 8443,
 *         ServerOptions.defaults().withTls(TlsOptions.server(ctx)), StreamReader.DEFAULT_LIMIT);
 * }
 *
 * <h2>Safe defaults</h2>
 * A client verifies the server's certificate chain (with the context's trust managers; {@link #client()} uses the
 * JDK's default CAs) and that the certificate names the host ({@link #serverName()}, or else the host connected to).
 * Turning the host check off takes {@link #insecureWithoutHostnameVerification()}; trusting any certificate takes a
 * context from {@link TlsContexts#insecureTrustingAnyCertificate()}. Both names say what they cost.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param context makes the {@code SSLEngine}s: certificates, keys, trust and enabled protocols
 * @param server the server side of the handshake ({@link #server}) or the client side ({@link #client})
 * @param serverName a client's server name: sent as SNI (unless it is an IP literal) and checked against the
 *     server's certificate; {@code null}: the host connected to
 * @param alpnProtocols the ALPN protocols offered (client) or accepted, most preferred first (server); empty: no ALPN
 * @param clientAuth whether a server asks for a client certificate (mutual TLS); ignored by clients
 * @param hostnameVerification a client checks that the certificate names the server (on unless turned off with
 *     {@link #insecureWithoutHostnameVerification()})
 * @param handshakeTimeout how long the handshake may take before the connection is closed (60 s by default)
 * @param shutdownTimeout how long a close waits for the peer's {@code close_notify} (30 s by default)
 */
public record TlsOptions(
        SSLContext context,
        boolean server,
        @Nullable String serverName,
        List<String> alpnProtocols,
        ClientAuth clientAuth,
        boolean hostnameVerification,
        Duration handshakeTimeout,
        Duration shutdownTimeout) {

    /** Whether a TLS server asks the client for a certificate. */
    public enum ClientAuth {
        /** No client certificate is asked for. */
        NONE,
        /** A certificate is asked for; a client without one is still accepted, one with a bad one is not. */
        REQUESTED,
        /** A valid client certificate is required (mutual TLS). */
        REQUIRED
    }

    /** asyncio's {@code ssl_handshake_timeout} default. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(60);

    /** asyncio's {@code ssl_shutdown_timeout} default. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Validates the options and copies the ALPN list.
     *
     * @throws IllegalArgumentException if a timeout is not positive or an ALPN name is empty
     */
    public TlsOptions {
        alpnProtocols = List.copyOf(alpnProtocols);
        for (String p : alpnProtocols) {
            if (p.isEmpty()) {
                throw new IllegalArgumentException("empty ALPN protocol name");
            }
        }
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("the handshake timeout must be positive");
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.isZero()) {
            throw new IllegalArgumentException("the shutdown timeout must be positive");
        }
    }

    /**
     * Returns client options that trust the JDK's default CAs ({@code SSLContext.getDefault()}) and verify the
     * server's host name.
     *
     * @return the options
     * @throws IllegalStateException if the JDK has no default TLS context
     */
    public static TlsOptions client() {
        try {
            return client(SSLContext.getDefault());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /**
     * Returns client options over a context (its trust managers decide which certificates are trusted; its key
     * managers give the client certificate for mutual TLS, see {@link TlsContexts}); the host name is verified.
     *
     * @param context the context
     * @return the options
     */
    public static TlsOptions client(SSLContext context) {
        return new TlsOptions(
                context,
                false,
                null,
                List.of(),
                ClientAuth.NONE,
                true,
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Returns server options over a context that holds the server's certificate and key (see
     * {@link TlsContexts#fromPem}).
     *
     * @param context the context
     * @return the options
     */
    public static TlsOptions server(SSLContext context) {
        return new TlsOptions(
                context,
                true,
                null,
                List.of(),
                ClientAuth.NONE,
                false,
                DEFAULT_HANDSHAKE_TIMEOUT,
                DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /**
     * Returns a copy with a server name (asyncio's {@code server_hostname}): sent as SNI and checked against the
     * certificate instead of the host connected to.
     *
     * @param name the name, or {@code null} for the host connected to
     * @return the copy
     */
    public TlsOptions withServerName(@Nullable String name) {
        return new TlsOptions(
                context,
                server,
                name,
                alpnProtocols,
                clientAuth,
                hostnameVerification,
                handshakeTimeout,
                shutdownTimeout);
    }

    /**
     * Returns a copy with ALPN protocols (RFC 7301), most preferred first; the result is in
     * {@code extraInfo("alpn_protocol")}.
     *
     * @param protocols the names, e.g. {@code "h2"}, {@code "http/1.1"}
     * @return the copy
     */
    public TlsOptions withAlpnProtocols(String... protocols) {
        return new TlsOptions(
                context,
                server,
                serverName,
                List.of(protocols),
                clientAuth,
                hostnameVerification,
                handshakeTimeout,
                shutdownTimeout);
    }

    /**
     * Returns a copy in which a server asks for client certificates (validated with the context's trust managers).
     *
     * @param mode whether a certificate is asked for or required
     * @return the copy
     */
    public TlsOptions withClientAuth(ClientAuth mode) {
        return new TlsOptions(
                context,
                server,
                serverName,
                alpnProtocols,
                mode,
                hostnameVerification,
                handshakeTimeout,
                shutdownTimeout);
    }

    /**
     * Returns a copy with another handshake timeout.
     *
     * @param timeout how long the handshake may take
     * @return the copy
     */
    public TlsOptions withHandshakeTimeout(Duration timeout) {
        return new TlsOptions(
                context, server, serverName, alpnProtocols, clientAuth, hostnameVerification, timeout, shutdownTimeout);
    }

    /**
     * Returns a copy with another shutdown timeout.
     *
     * @param timeout how long a close waits for the peer's {@code close_notify}
     * @return the copy
     */
    public TlsOptions withShutdownTimeout(Duration timeout) {
        return new TlsOptions(
                context,
                server,
                serverName,
                alpnProtocols,
                clientAuth,
                hostnameVerification,
                handshakeTimeout,
                timeout);
    }

    /**
     * Returns a copy in which a client does NOT check that the certificate names the server: any server with a
     * certificate the trust managers accept can then pose as any other. For tests and closed networks only.
     *
     * @return the copy
     */
    public TlsOptions insecureWithoutHostnameVerification() {
        return new TlsOptions(
                context, server, serverName, alpnProtocols, clientAuth, false, handshakeTimeout, shutdownTimeout);
    }
}
