package io.jasyncio.http.client;

import io.jasyncio.http.internal.client.UrlEncoding;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy for {@code http} URLs (requests in absolute form) and {@code https} URLs ({@code CONNECT} tunnels),
 * and the hosts that bypass it ({@code NO_PROXY}).
 *
 * @param url the proxy, {@code http://host:port}
 * @param auth its credentials, or {@code null}
 * @param noProxy host suffixes (or {@code *}) that go direct
 */
record ProxyConfig(URI url, @Nullable BasicAuth auth, List<String> noProxy) {

    static ProxyConfig of(URI url, @Nullable BasicAuth auth, List<String> noProxy) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("a proxy URL must be http://host:port, got " + url);
        }
        BasicAuth a = auth;
        String userInfo = url.getUserInfo();
        if (a == null && userInfo != null) {
            a = BasicAuth.parse(userInfo.contains(":") ? userInfo : userInfo + ":");
        }
        return new ProxyConfig(url, a, List.copyOf(noProxy));
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
