package io.jasyncio.internal.net;

import io.jasyncio.net.TlsOptions;
import java.net.InetAddress;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import org.jspecify.annotations.Nullable;

/** Makes the {@link SSLEngine} of one connection from {@link TlsOptions}: mode, SNI, host check, ALPN, client auth. */
final class TlsEngines {
    private TlsEngines() {}

    /**
     * Makes an engine.
     *
     * @param options the options
     * @param host the host connected to (the server name when the options name none), or {@code null}
     * @param port the port connected to, or -1
     * @return the engine, not started
     * @throws IllegalArgumentException if a client must verify the host name but has none to verify
     */
    static SSLEngine create(TlsOptions options, @Nullable String host, int port) {
        String peer = options.serverName() != null ? options.serverName() : host;
        SSLEngine engine = !options.server() && peer != null
                ? options.context().createSSLEngine(peer, port)
                : options.context().createSSLEngine();
        engine.setUseClientMode(!options.server());
        SSLParameters p = engine.getSSLParameters();
        if (options.server()) {
            switch (options.clientAuth()) {
                case REQUIRED -> p.setNeedClientAuth(true);
                case REQUESTED -> p.setWantClientAuth(true);
                case NONE -> p.setWantClientAuth(false);
            }
        } else {
            if (options.hostnameVerification()) {
                if (peer == null) {
                    throw new IllegalArgumentException("a TLS client must know the server's name to verify it:"
                            + " set TlsOptions.withServerName (or, insecurely, insecureWithoutHostnameVerification)");
                }
                p.setEndpointIdentificationAlgorithm("HTTPS");
            }
            if (peer != null && !isIpLiteral(peer)) {
                p.setServerNames(List.of(new SNIHostName(peer)));
            }
        }
        if (!options.alpnProtocols().isEmpty()) {
            p.setApplicationProtocols(options.alpnProtocols().toArray(String[]::new));
        }
        engine.setSSLParameters(p);
        return engine;
    }

    private static boolean isIpLiteral(String host) {
        try {
            InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
