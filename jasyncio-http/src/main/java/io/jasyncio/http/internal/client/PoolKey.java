package io.jasyncio.http.internal.client;

import io.jasyncio.net.TlsOptions;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What makes two requests able to share a keep-alive connection: scheme, host, port, TLS options and, for the
 * Unix-socket connector, the socket file; an {@code http} request through a proxy is keyed by the proxy (over TLS for
 * an {@code https://} proxy), an {@code https} one tunnelled through it ({@code CONNECT}) by the origin and the proxy.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as it appears in the URL (lower case)
 * @param port the port
 * @param tls the TLS options of an {@code https} connection, or {@code null} for plain HTTP
 * @param unixSocket the socket file, or {@code null} for TCP
 * @param tunnel the proxy an {@code https} connection is tunnelled through, or {@code null} for a direct one
 * @param proxy whether {@code host} is a proxy that gets requests in absolute form (not the origin)
 */
public record PoolKey(
        String scheme,
        String host,
        int port,
        @Nullable TlsOptions tls,
        @Nullable Path unixSocket,
        @Nullable Tunnel tunnel,
        boolean proxy) {

    /**
     * A {@code CONNECT} tunnel through an HTTP proxy.
     *
     * @param host the proxy's host
     * @param port the proxy's port
     * @param authorization the {@code Proxy-Authorization} value, or {@code null}
     */
    public record Tunnel(String host, int port, @Nullable String authorization) {
        @Override
        public String toString() {
            return host + ":" + port; // never the credentials
        }
    }

    @Override
    public String toString() {
        return (proxy ? "the proxy " : "") + scheme + "://" + host + ":" + port
                + (unixSocket == null ? "" : " via " + unixSocket)
                + (tunnel == null ? "" : " through the proxy " + tunnel);
    }
}
