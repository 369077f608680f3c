package io.jasyncio.http.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A cookie stored by a {@link CookieJar} (RFC 6265 §5.3).
 *
 * <p>{@code SameSite} is kept as the server sent it, for code that wants to look, but never decides whether the
 * cookie is sent: it restricts cookies to requests made from the cookie's own site, and a client that is not a
 * browser has no site a request is made from (no page, no "site for cookies"), so every request is same-site.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param name the name
 * @param value the value
 * @param domain the domain it is sent to (lower case, no leading dot)
 * @param hostOnly whether it is sent to that exact host only (no {@code Domain} attribute was given)
 * @param path the path prefix it is sent to
 * @param expires when it expires, or {@code null} for a session cookie
 * @param secure whether it is sent over {@code https} only
 * @param httpOnly whether it was marked {@code HttpOnly}
 * @param sameSite the {@code SameSite} attribute, {@code "Strict"}, {@code "Lax"} or {@code "None"} (whatever the
 *     case sent), or {@code null} if it was absent or had another value (RFC 6265bis: the default enforcement)
 */
public record Cookie(
        String name,
        String value,
        String domain,
        boolean hostOnly,
        String path,
        @Nullable Instant expires,
        boolean secure,
        boolean httpOnly,
        @Nullable String sameSite) {}
