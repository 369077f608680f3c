package io.jasyncio.http.server;

import java.nio.charset.StandardCharsets;
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

    /** The {@code Date} value of the current second and its header line (never changed), shared by all loops. */
    private static final class Cached {
        final long second;
        final String text;
        final byte[] line;

        Cached(long second, String text) {
            this.second = second;
            this.text = text;
            this.line = ("Date: " + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static volatile Cached cached = new Cached(-1, "");

    private HttpDate() {}

    /** Returns the current time as an IMF-fixdate, formatted once per second. Thread-safe. */
    static String now() {
        return current().text;
    }

    /** Returns the header line {@code Date: <now> CRLF} (a shared array: never change it). Thread-safe. */
    static byte[] nowLine() {
        return current().line;
    }

    private static Cached current() {
        long second = System.currentTimeMillis() / 1000;
        var current = cached;
        if (current.second != second) {
            current = new Cached(second, format(Instant.ofEpochSecond(second)));
            cached = current;
        }
        return current;
    }

    /** Returns {@code instant} as an IMF-fixdate (whole seconds). */
    static String format(Instant instant) {
        return IMF_FIXDATE.format(instant);
    }
}
