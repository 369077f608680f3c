package io.jasyncio.http.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Opt-in retries of idempotent requests (beyond aiohttp): after a connection failure, a server disconnect or a
 * socket timeout, and after a status in {@link #retryStatuses()} (429 and 503 by default), with exponential backoff
 * and full jitter; a {@code Retry-After} of a 429 or 503 (seconds or an HTTP date) sets the wait instead, capped by
 * {@link #maxDelay()}. Only idempotent methods (GET, HEAD, OPTIONS, PUT, DELETE, TRACE) with a replayable body are
 * retried. The total timeout still bounds the whole, retries included.
 *
 * {@snippet :
 * var session = ClientSession.builder()
 *         .retry(RetryPolicy.of(4, Duration.ofMillis(100), Duration.ofSeconds(5)))
 *         .build();
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param maxAttempts attempts in all, the first included (1: no retry)
 * @param baseDelay the wait before the first retry; doubled for each next one
 * @param maxDelay the longest wait
 * @param retryStatuses the statuses that are retried
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Set<Integer> retryStatuses) {

    /** No retries. */
    public static final RetryPolicy NONE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Set.of());

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if {@code maxAttempts < 1} or a delay is negative
     */
    public RetryPolicy {
        if (maxAttempts < 1 || baseDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("maxAttempts must be >= 1 and delays not negative");
        }
        retryStatuses = Set.copyOf(retryStatuses);
    }

    /**
     * Returns a policy retrying failures and 429/503.
     *
     * @param maxAttempts attempts in all
     * @param baseDelay the first wait
     * @param maxDelay the longest wait
     * @return the policy
     */
    public static RetryPolicy of(int maxAttempts, Duration baseDelay, Duration maxDelay) {
        return new RetryPolicy(maxAttempts, baseDelay, maxDelay, Set.of(429, 503));
    }

    /**
     * Returns the wait before attempt {@code attempt} (2 for the first retry): a random duration between zero and
     * {@code min(maxDelay, baseDelay * 2^(attempt-2))} ("full jitter").
     *
     * @param attempt the attempt about to start
     * @return the wait
     */
    public Duration backoff(int attempt) {
        long base = baseDelay.toNanos();
        int shift = Math.min(Math.max(attempt - 2, 0), 40);
        long cap = base > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : base << shift;
        cap = Math.min(cap, maxDelay.toNanos());
        return cap <= 0
                ? Duration.ZERO
                : Duration.ofNanos(ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
