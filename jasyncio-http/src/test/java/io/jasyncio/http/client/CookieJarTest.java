package io.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 6265 storage and matching. */
class CookieJarTest {
    private final MutableClock clock = new MutableClock();
    private final CookieJar jar = CookieJar.create(clock);

    private static URI u(String s) {
        return URI.create(s);
    }

    @Test
    void hostOnlyCookiesGoToTheExactHostOnly() {
        jar.update(u("http://example.com/a/b"), List.of("id=1"));
        assertThat(jar.header(u("http://example.com/a/c"))).isEqualTo("id=1");
        assertThat(jar.header(u("http://www.example.com/a/c"))).isNull();
        assertThat(jar.header(u("http://example.com/other"))).isNull(); // default path /a
    }

    @Test
    void domainCookiesGoToSubdomainsAndForeignDomainsAreRefused() {
        jar.update(u("http://www.example.com/"), List.of("d=1; Domain=.example.com; Path=/", "x=2; Domain=evil.com"));
        assertThat(jar.header(u("http://api.example.com/"))).isEqualTo("d=1");
        assertThat(jar.header(u("http://example.com/"))).isEqualTo("d=1");
        assertThat(jar.header(u("http://notexample.com/"))).isNull();
        assertThat(jar.all()).extracting(Cookie::name).containsExactly("d");
    }

    @Test
    void aSingleLabelDomainIsRefusedUnlessItIsTheRequestHostItself() {
        jar.update(u("http://www.example.com/"), List.of("t=1; Domain=com; Path=/", "u=2; Domain=.COM; Path=/"));
        assertThat(jar.all()).isEmpty();
        assertThat(jar.header(u("http://other.com/"))).isNull();
        // RFC 6265 §5.3 step 5: the public suffix is the host itself, so the cookie becomes host-only
        jar.update(u("http://localhost/"), List.of("l=3; Domain=localhost; Path=/"));
        assertThat(jar.all())
                .singleElement()
                .satisfies(c -> assertThat(c.hostOnly()).isTrue());
        assertThat(jar.header(u("http://localhost/x"))).isEqualTo("l=3");
        assertThat(jar.header(u("http://app.localhost/x"))).isNull();
        // a multi-label domain the host is under is still accepted (no public suffix list, as in aiohttp)
        jar.update(u("http://www.example.co.uk/"), List.of("m=4; Domain=example.co.uk; Path=/"));
        assertThat(jar.header(u("http://api.example.co.uk/"))).isEqualTo("m=4");
    }

    @Test
    void sameSiteIsKeptButDoesNotDecideWhatIsSent() {
        jar.update(
                u("https://h.example/"),
                List.of(
                        "a=1; SameSite=Strict; Path=/",
                        "b=2; samesite=LAX; Path=/",
                        "c=3; SameSite=None; Secure; Path=/",
                        "d=4; SameSite=sometimes; Path=/",
                        "e=5; Path=/"));
        assertThat(jar.all())
                .extracting(Cookie::name, Cookie::sameSite)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("a", "Strict"),
                        org.assertj.core.groups.Tuple.tuple("b", "Lax"),
                        org.assertj.core.groups.Tuple.tuple("c", "None"),
                        org.assertj.core.groups.Tuple.tuple("d", null),
                        org.assertj.core.groups.Tuple.tuple("e", null));
        // no site makes the request, so every request is same-site: all of them go
        assertThat(jar.header(u("https://h.example/page"))).isEqualTo("a=1; b=2; c=3; d=4; e=5");
    }

    @Test
    void pathMatchingAndOrderLongestPathFirst() {
        jar.update(u("http://h/"), List.of("a=1; Path=/", "b=2; Path=/docs", "c=3; Path=/docs/api"));
        assertThat(jar.header(u("http://h/docs/api/x"))).isEqualTo("c=3; b=2; a=1");
        assertThat(jar.header(u("http://h/docsx"))).isEqualTo("a=1");
    }

    @Test
    void secureCookiesNeedHttps() {
        jar.update(u("https://h/"), List.of("s=1; Secure; Path=/"));
        jar.update(u("http://h.example/"), List.of("t=1; Secure"));
        assertThat(jar.header(u("http://h/"))).isNull();
        assertThat(jar.header(u("https://h/"))).isEqualTo("s=1");
        assertThat(jar.all()).extracting(Cookie::name).containsExactly("s");
    }

    @Test
    void expiryByMaxAgeAndExpiresAndDeletion() {
        jar.update(
                u("http://h/"),
                List.of("m=1; Max-Age=60; Path=/", "e=2; Expires=Wed, 01 Jan 2200 00:00:00 GMT; Path=/"));
        assertThat(jar.header(u("http://h/"))).isEqualTo("m=1; e=2");
        clock.now = clock.now.plusSeconds(61);
        assertThat(jar.header(u("http://h/"))).isEqualTo("e=2");
        jar.update(u("http://h/"), List.of("e=gone; Max-Age=0; Path=/"));
        assertThat(jar.header(u("http://h/"))).isNull();
    }

    @Test
    void disabledJarKeepsNothing() {
        CookieJar off = CookieJar.disabled();
        off.update(u("http://h/"), List.of("a=1"));
        assertThat(off.all()).isEmpty();
        assertThat(off.header(u("http://h/"))).isNull();
    }

    @Test
    void malformedCookiesAreIgnored() {
        jar.update(u("http://h/"), List.of("novalue", "=x", "ok=1; Max-Age=abc"));
        assertThat(jar.all()).extracting(Cookie::name).containsExactly("ok");
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
