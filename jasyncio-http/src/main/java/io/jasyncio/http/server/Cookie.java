package io.jasyncio.http.server;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A cookie a response sets (RFC 6265 {@code Set-Cookie}) with all its attributes.
 *
 * {@snippet :
 * response.setCookie(Cookie.of("session", token).withPath("/").withHttpOnly(true).withSameSite("Lax"));
 * }
 *
 * @param name the cookie name, a token
 * @param value the value: cookie-octets only (no whitespace, comma, semicolon, backslash or quote)
 * @param path the {@code Path} attribute, or {@code null}
 * @param domain the {@code Domain} attribute, or {@code null}
 * @param maxAge the {@code Max-Age} attribute, or {@code null}
 * @param expires the {@code Expires} attribute, or {@code null}
 * @param secure the {@code Secure} attribute
 * @param httpOnly the {@code HttpOnly} attribute
 * @param sameSite the {@code SameSite} attribute ({@code Strict}, {@code Lax} or {@code None}), or {@code null}
 */
public record Cookie(
        String name,
        String value,
        @Nullable String path,
        @Nullable String domain,
        @Nullable Duration maxAge,
        @Nullable ZonedDateTime expires,
        boolean secure,
        boolean httpOnly,
        @Nullable String sameSite) {

    /**
     * Checks the name and value.
     *
     * @throws IllegalArgumentException if the name is not a token or the value holds a byte a cookie may not
     */
    public Cookie {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
        if (name.isEmpty()
                || !name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0)) {
            throw new IllegalArgumentException("invalid cookie name: " + name);
        }
        if (!value.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '"' && c != ',' && c != ';' && c != '\\')) {
            throw new IllegalArgumentException("invalid cookie value for " + name);
        }
        for (var attribute : new @Nullable String[] {path, domain, sameSite}) {
            if (attribute != null && !attribute.chars().allMatch(c -> c >= 0x20 && c < 0x7f && c != ';')) {
                throw new IllegalArgumentException("invalid cookie attribute: " + attribute);
            }
        }
    }

    /** Returns a session cookie with no attributes. */
    public static Cookie of(String name, String value) {
        return new Cookie(name, value, null, null, null, null, false, false, null);
    }

    /** Returns a copy with a {@code Path}. */
    public Cookie withPath(String path) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with a {@code Domain}. */
    public Cookie withDomain(String domain) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with a {@code Max-Age}. */
    public Cookie withMaxAge(Duration maxAge) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with an {@code Expires}. */
    public Cookie withExpires(ZonedDateTime expires) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns a copy with or without {@code Secure}. */
    public Cookie withSecure(boolean on) {
        return new Cookie(name, value, path, domain, maxAge, expires, on, httpOnly, sameSite);
    }

    /** Returns a copy with or without {@code HttpOnly}. */
    public Cookie withHttpOnly(boolean on) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, on, sameSite);
    }

    /** Returns a copy with a {@code SameSite}. */
    public Cookie withSameSite(String sameSite) {
        return new Cookie(name, value, path, domain, maxAge, expires, secure, httpOnly, sameSite);
    }

    /** Returns the {@code Set-Cookie} field value. */
    public String toSetCookie() {
        var text = new StringBuilder(name).append('=').append(value);
        if (path != null) {
            text.append("; Path=").append(path);
        }
        if (domain != null) {
            text.append("; Domain=").append(domain);
        }
        if (maxAge != null) {
            text.append("; Max-Age=").append(maxAge.toSeconds());
        }
        if (expires != null) {
            text.append("; Expires=").append(HttpDate.format(expires.toInstant()));
        }
        if (secure) {
            text.append("; Secure");
        }
        if (httpOnly) {
            text.append("; HttpOnly");
        }
        if (sameSite != null) {
            text.append("; SameSite=").append(sameSite);
        }
        return text.toString();
    }
}
