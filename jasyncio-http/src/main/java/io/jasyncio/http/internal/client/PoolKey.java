package io.jasyncio.http.internal.client;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What makes two requests able to share a keep-alive connection: scheme, host, port, TLS options and, for the
 * Unix-socket connector, the socket file; a connection through a proxy is keyed by the proxy.
 *
 * @param scheme {@code http} or {@code https}
 * @param host the host as it appears in the URL (lower case)
 * @param port the port
 * @param tls the TLS options' identity, or {@code null} for plain HTTP
 * @param unixSocket the socket file, or {@code null} for TCP
 */
public record PoolKey(
        String scheme,
        String host,
        int port,
        @Nullable Object tls,
        @Nullable Path unixSocket) {
    @Override
    public String toString() {
        return scheme + "://" + host + ":" + port + (unixSocket == null ? "" : " via " + unixSocket);
    }
}
