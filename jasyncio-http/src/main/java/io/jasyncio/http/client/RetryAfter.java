package io.jasyncio.http.client;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;

/** Parses {@code Retry-After} (RFC 9110 §10.2.3): delay seconds or an HTTP date; capped by the policy's max delay. */
final class RetryAfter {
    private RetryAfter() {}

    static @Nullable Duration parse(@Nullable String value, RetryPolicy policy) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Duration d;
        String v = value.trim();
        try {
            d = Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException e) {
            try {
                Instant when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                d = Duration.between(Instant.now(), when);
                if (d.isNegative()) {
                    d = Duration.ZERO;
                }
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
        return d.compareTo(policy.maxDelay()) > 0 ? policy.maxDelay() : d;
    }
}
