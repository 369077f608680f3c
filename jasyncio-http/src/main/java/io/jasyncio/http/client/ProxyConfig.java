package io.jasyncio.http.client;

import io.jasyncio.http.internal.client.UrlEncoding;
import io.jasyncio.net.TlsOptions;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy for {@code http} URLs (requests in absolute form) and {@code https} URLs ({@code CONNECT} tunnels),
 * and the hosts that bypass it ({@code NO_PROXY}). An {@code https://} proxy is reached over TLS, verified with its
 * own options; through it, {@code http} URLs work and {@code https} ones are refused (TLS inside TLS is not
 * supported).
 *
 * @param url the proxy, {@code http://host:port} or {@code https://host:port}
 * @param auth its credentials, or {@code null}
 * @param noProxy host suffixes (or {@code *}) that go direct
 * @param tls the TLS options of an {@code https://} proxy, or {@code null} for the JDK's trusted CAs (never the
 *     origin's options: trusting a server and trusting a proxy are separate decisions)
 */
record ProxyConfig(
        URI url,
        @Nullable BasicAuth auth,
        List<String> noProxy,
        @Nullable TlsOptions tls) {

    static ProxyConfig of(URI url, @Nullable BasicAuth auth, List<String> noProxy) {
        return of(url, auth, noProxy, null);
    }

    static ProxyConfig of(URI url, @Nullable BasicAuth auth, List<String> noProxy, @Nullable TlsOptions tls) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
            throw new IllegalArgumentException("a proxy URL must be http://host:port or https://host:port, got " + url);
        }
        if (tls != null && !scheme.equals("https")) {
            throw new IllegalArgumentException("TLS options for a proxy need an https:// proxy URL, got " + url);
        }
        if (tls != null && tls.server()) {
            throw new IllegalArgumentException("a proxy needs client TLS options (TlsOptions.client)");
        }
        BasicAuth a = auth;
        String userInfo = url.getUserInfo();
        if (a == null && userInfo != null) {
            a = BasicAuth.parse(userInfo.contains(":") ? userInfo : userInfo + ":");
        }
        return new ProxyConfig(url, a, List.copyOf(noProxy), tls);
    }

    /** Whether the proxy itself is reached over TLS (an {@code https://} proxy URL). */
    boolean isTls() {
        return url.getScheme().equalsIgnoreCase("https");
    }

    /** The proxy's {@code host:port}, as errors name it. */
    String hostPort() {
        return url.getHost() + ":" + ClientSession.port(url);
    }

    /** Reads {@code HTTP_PROXY}/{@code http_proxy} and {@code NO_PROXY}/{@code no_proxy}; {@code null} if unset. */
    static @Nullable ProxyConfig fromEnvironment(Map<String, String> env) {
        return fromEnvironment(env, "http");
    }

    /**
     * Reads the proxy for one scheme ({@code HTTP_PROXY} or {@code HTTPS_PROXY}, lower case first) and
     * {@code NO_PROXY}/{@code no_proxy}; {@code null} if unset.
     */
    static @Nullable ProxyConfig fromEnvironment(Map<String, String> env, String scheme) {
        String p = env.getOrDefault(scheme + "_proxy", env.get(scheme.toUpperCase(Locale.ROOT) + "_PROXY"));
        if (p == null || p.isBlank()) {
            return null;
        }
        String no = env.getOrDefault("no_proxy", env.getOrDefault("NO_PROXY", ""));
        List<String> hosts = new ArrayList<>();
        for (String h : no.split(",", -1)) {
            String t = h.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                hosts.add(t.startsWith(".") ? t.substring(1) : t);
            }
        }
        return of(UrlEncoding.parse(p.contains("://") ? p : "http://" + p), null, hosts);
    }

    /** Whether a request to {@code target} goes through the proxy. */
    boolean appliesTo(URI target) {
        String host = target.getHost().toLowerCase(Locale.ROOT);
        for (String n : noProxy) {
            if (n.equals("*") || host.equals(n) || host.endsWith("." + n)) {
                return false;
            }
        }
        return true;
    }
}
