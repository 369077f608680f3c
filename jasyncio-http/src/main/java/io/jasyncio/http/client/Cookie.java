package io.jasyncio.http.client;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A cookie stored by a {@link CookieJar} (RFC 6265 §5.3).
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
 */
public record Cookie(
        String name,
        String value,
        String domain,
        boolean hostOnly,
        String path,
        @Nullable Instant expires,
        boolean secure,
        boolean httpOnly) {}
