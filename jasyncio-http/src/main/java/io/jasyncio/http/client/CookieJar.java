package io.jasyncio.http.client;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Stores cookies from {@code Set-Cookie} and sends them back in {@code Cookie} (RFC 6265; aiohttp's
 * {@code CookieJar}): domain and host-only matching, path matching, {@code Secure}, {@code Max-Age} and
 * {@code Expires}. A session has one by default; {@link #disabled()} keeps nothing (aiohttp's
 * {@code DummyCookieJar}).
 *
 * {@snippet :
 * var session = ClientSession.builder().cookieJar(CookieJar.disabled()).build(); // no cookies at all
 * }
 *
 * <p>No public suffix list is used (as in aiohttp): a {@code Domain} attribute naming a multi-label public suffix
 * such as {@code co.uk} is accepted when the request host is under it. What RFC 6265 §5.3 step 5 allows without the
 * list is done: a {@code Domain} that is a single label ({@code Domain=com}, {@code Domain=.local}) makes the cookie
 * host-only when it is the request host itself and is refused otherwise, so no server sets a cookie for a whole
 * top-level domain. A {@code Domain} attribute that the request host does not match is ignored, as are cookies for
 * IP addresses set with a {@code Domain} other than that address.
 *
 * <p>{@code SameSite} is parsed and kept ({@link Cookie#sameSite()}) but not enforced: it is about the site a
 * request is made from, and a non-browser client has none, so every request counts as same-site (as in aiohttp).
 *
 * <p><b>Thread safety:</b> loop-confined, like its session.
 */
public class CookieJar {
    private record Key(String domain, String path, String name) {}

    private final Clock clock;
    private final boolean enabled;
    private final Map<Key, Cookie> cookies = new LinkedHashMap<>();

    private CookieJar(Clock clock, boolean enabled) {
        this.clock = clock;
        this.enabled = enabled;
    }

    /**
     * Returns an empty jar on the system clock.
     *
     * @return the jar
     */
    public static CookieJar create() {
        return new CookieJar(Clock.systemUTC(), true);
    }

    /**
     * Returns an empty jar whose expiry checks use {@code clock}.
     *
     * @param clock the wall clock
     * @return the jar
     */
    public static CookieJar create(Clock clock) {
        return new CookieJar(clock, true);
    }

    /**
     * Returns a jar that keeps nothing and sends nothing.
     *
     * @return the jar
     */
    public static CookieJar disabled() {
        return new CookieJar(Clock.systemUTC(), false);
    }

    /**
     * Stores the cookies of a response.
     *
     * @param url the URL that answered
     * @param setCookies the {@code Set-Cookie} values
     */
    public void update(URI url, List<String> setCookies) {
        if (!enabled) {
            return;
        }
        String host = host(url);
        for (String sc : setCookies) {
            Cookie c = parse(url, host, sc);
            if (c == null) {
                continue;
            }
            Key k = new Key(c.domain(), c.path(), c.name());
            Instant exp = c.expires();
            if (exp != null && !exp.isAfter(clock.instant())) {
                cookies.remove(k); // an expiry in the past deletes the cookie
            } else {
                cookies.put(k, c);
            }
        }
    }

    /**
     * Returns the cookies to send to {@code url}, longest path first (RFC 6265 §5.4).
     *
     * @param url the request's URL
     * @return the cookies
     */
    public List<Cookie> cookiesFor(URI url) {
        if (!enabled || cookies.isEmpty()) {
            return List.of();
        }
        String host = host(url);
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        boolean secure = "https".equalsIgnoreCase(url.getScheme());
        Instant now = clock.instant();
        List<Cookie> out = new ArrayList<>();
        for (var it = cookies.values().iterator(); it.hasNext(); ) {
            Cookie c = it.next();
            Instant exp = c.expires();
            if (exp != null && !exp.isAfter(now)) {
                it.remove();
                continue;
            }
            boolean domainOk = c.hostOnly() ? host.equals(c.domain()) : domainMatch(host, c.domain());
            if (domainOk && pathMatch(path, c.path()) && (!c.secure() || secure)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt((Cookie c) -> c.path().length()).reversed());
        return out;
    }

    /**
     * Returns the {@code Cookie} header value for {@code url}, or {@code null} when no cookie applies.
     *
     * @param url the request's URL
     * @return the value
     */
    public @Nullable String header(URI url) {
        List<Cookie> list = cookiesFor(url);
        if (list.isEmpty()) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (Cookie c : list) {
            if (!sb.isEmpty()) {
                sb.append("; ");
            }
            sb.append(c.name()).append('=').append(c.value());
        }
        return sb.toString();
    }

    /**
     * Returns every stored cookie.
     *
     * @return a copy
     */
    public List<Cookie> all() {
        return List.copyOf(cookies.values());
    }

    /** Forgets every cookie. */
    public void clear() {
        cookies.clear();
    }

    /**
     * Returns whether this jar keeps cookies.
     *
     * @return {@code false} for {@link #disabled()}
     */
    public boolean isEnabled() {
        return enabled;
    }

    private static String host(URI url) {
        String h = url.getHost();
        return h == null ? "" : h.toLowerCase(Locale.ROOT);
    }

    private static boolean domainMatch(String host, String domain) {
        return host.equals(domain)
                || (host.endsWith(domain) && host.charAt(host.length() - domain.length() - 1) == '.' && !isIp(host));
    }

    private static boolean pathMatch(String requestPath, String cookiePath) {
        if (requestPath.equals(cookiePath)) {
            return true;
        }
        return requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    private static boolean isIp(String host) {
        if (host.indexOf(':') >= 0) {
            return true;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) {
                return false;
            }
        }
        return !host.isEmpty();
    }

    /** The default path of RFC 6265 §5.1.4: the request path up to its last {@code /}. */
    private static String defaultPath(URI url) {
        String p = url.getRawPath();
        if (p == null || p.isEmpty() || p.charAt(0) != '/') {
            return "/";
        }
        int last = p.lastIndexOf('/');
        return last == 0 ? "/" : p.substring(0, last);
    }

    private @Nullable Cookie parse(URI url, String host, String header) {
        String[] parts = header.split(";", -1);
        String pair = parts[0];
        int eq = pair.indexOf('=');
        if (eq <= 0) {
            return null; // RFC 6265 §5.2: no '=' or an empty name: ignore the whole header
        }
        String name = pair.substring(0, eq).trim();
        String value = pair.substring(eq + 1).trim();
        if (name.isEmpty()) {
            return null;
        }
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        String domain = null;
        String path = null;
        Instant expires = null;
        Instant maxAgeExpiry = null;
        boolean secure = false;
        boolean httpOnly = false;
        String sameSite = null;
        for (int i = 1; i < parts.length; i++) {
            String av = parts[i].trim();
            int e = av.indexOf('=');
            String an = (e < 0 ? av : av.substring(0, e)).trim().toLowerCase(Locale.ROOT);
            String val = e < 0 ? "" : av.substring(e + 1).trim();
            switch (an) {
                case "domain" -> {
                    if (!val.isEmpty()) {
                        domain = (val.startsWith(".") ? val.substring(1) : val).toLowerCase(Locale.ROOT);
                    }
                }
                case "path" -> path = val.startsWith("/") ? val : null;
                case "expires" -> expires = parseDate(val);
                case "max-age" -> {
                    try {
                        long s = Long.parseLong(val);
                        maxAgeExpiry = s <= 0 ? Instant.EPOCH : clock.instant().plusSeconds(Math.min(s, 1L << 40));
                    } catch (NumberFormatException ex) {
                        // RFC 6265 §5.2.2: an invalid Max-Age is ignored
                    }
                }
                case "secure" -> secure = true;
                case "httponly" -> httpOnly = true;
                case "samesite" -> sameSite = sameSite(val);
                default -> {}
            }
        }
        boolean hostOnly;
        if (domain == null) {
            hostOnly = true;
            domain = host;
        } else if (domain.indexOf('.') < 0 && !isIp(host)) {
            // A single label (Domain=com) is a public suffix whatever list one would use. RFC 6265 §5.3 step 5:
            // it is the request host itself (a host named "localhost") -> host-only; else the cookie is ignored.
            if (!domain.equals(host)) {
                return null;
            }
            hostOnly = true;
        } else {
            if (!domainMatch(host, domain)) {
                return null; // a server cannot set cookies for a domain it is not in
            }
            hostOnly = false;
        }
        if (secure && !"https".equalsIgnoreCase(url.getScheme()) && !isLoopback(host)) {
            return null; // RFC 6265bis: only a secure origin may set a Secure cookie
        }
        return new Cookie(
                name,
                value,
                domain,
                hostOnly,
                path == null ? defaultPath(url) : path,
                maxAgeExpiry != null ? maxAgeExpiry : expires,
                secure,
                httpOnly,
                sameSite);
    }

    /** The {@code SameSite} value in its usual spelling, or {@code null} for an unknown one (RFC 6265bis §5.6.7). */
    private static @Nullable String sameSite(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "strict" -> "Strict";
            case "lax" -> "Lax";
            case "none" -> "None";
            default -> null;
        };
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    private static @Nullable Instant parseDate(String s) {
        try {
            return ZonedDateTime.parse(s, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // The old Netscape form, "Wdy, DD-Mon-YYYY HH:MM:SS GMT".
                return ZonedDateTime.parse(s, DateTimeFormatter.ofPattern("EEE, dd-MMM-yyyy HH:mm:ss zzz", Locale.ROOT))
                        .toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    @Override
    public String toString() {
        return enabled ? "CookieJar[" + cookies.size() + " cookies]" : "CookieJar[disabled]";
    }
}
