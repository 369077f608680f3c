package io.jasyncio.internal.net;

import java.security.cert.Certificate;
import java.util.List;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jspecify.annotations.Nullable;

/**
 * The {@code extraInfo} keys of a TLS transport (asyncio's SSL transport has {@code peercert}, {@code cipher},
 * {@code ssl_object} and {@code sslcontext}): {@code "peercert"} (the peer's certificate chain, a
 * {@code List<Certificate>}, empty if it sent none), {@code "cipher"} (the cipher suite), {@code "protocol"}
 * ({@code "TLSv1.3"}, ...), {@code "alpn_protocol"} (the negotiated ALPN protocol, or {@code null}),
 * {@code "server_name"} (on a server: the SNI name the client asked for, or {@code null}), {@code "ssl_object"} (the
 * {@link SSLSession}) and {@code "sslcontext"}.
 */
final class TlsInfo {
    /** Returned for a key that is not a TLS key (the socket's keys are asked next). */
    static final Object UNKNOWN = new Object();

    private TlsInfo() {}

    static @Nullable Object get(SSLEngine engine, SSLContext context, String key) {
        SSLSession s = engine.getSession();
        return switch (key) {
            case "peercert" -> peerCertificates(s);
            case "cipher" -> s.getCipherSuite();
            case "protocol" -> s.getProtocol();
            case "alpn_protocol" -> {
                String a = engine.getApplicationProtocol();
                yield a == null || a.isEmpty() ? null : a;
            }
            case "server_name" -> requestedServerName(s);
            case "ssl_object" -> s;
            case "sslcontext" -> context;
            default -> UNKNOWN;
        };
    }

    private static List<Certificate> peerCertificates(SSLSession s) {
        try {
            return List.of(s.getPeerCertificates());
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private static @Nullable String requestedServerName(SSLSession s) {
        if (s instanceof ExtendedSSLSession es) {
            for (SNIServerName n : es.getRequestedServerNames()) {
                if (n instanceof SNIHostName h) {
                    return h.getAsciiName();
                }
            }
        }
        return null;
    }
}
