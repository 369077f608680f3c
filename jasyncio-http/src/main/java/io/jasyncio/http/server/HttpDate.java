package io.jasyncio.http.server;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * HTTP dates as RFC 9110 §5.6.7 requires a sender to write them (IMF-fixdate, {@code Sun, 06 Nov 1994 08:49:37 GMT}):
 * a two-digit day and always GMT. The JDK's {@code RFC_1123_DATE_TIME} writes a one-digit day ("6 Nov"), which
 * IMF-fixdate and RFC 6265's cookie dates do not allow; it still parses both, so reading uses it.
 */
final class HttpDate {

    private static final DateTimeFormatter IMF_FIXDATE = DateTimeFormatter.ofPattern(
                    "EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    /** Lenient reading: IMF-fixdate, and one-digit days or numeric offsets from senders that write them. */
    static final DateTimeFormatter PARSER = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    /** The {@code Date} value of the current second, shared by all loops. */
    private record Cached(long second, String text) {}

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {}

    /** Returns the current time as an IMF-fixdate, formatted once per second. Thread-safe. */
    static String now() {
        long second = System.currentTimeMillis() / 1000;
        var current = cached;
        if (current.second() != second) {
            current = new Cached(second, format(Instant.ofEpochSecond(second)));
            cached = current;
        }
        return current.text();
    }

    /** Returns {@code instant} as an IMF-fixdate (whole seconds). */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
