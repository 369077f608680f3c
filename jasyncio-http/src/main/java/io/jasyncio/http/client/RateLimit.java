package io.jasyncio.http.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.sync.Guard;
import io.jasyncio.sync.Lock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * A per-host rate limit: at most {@code requests} request starts per host in any sliding {@code window}. Requests
 * over the rate wait in FIFO order (a fair {@link Lock} per host), sleeping until the oldest start leaves the window.
 *
 * <p>Loop-confined.
 */
final class RateLimit {
    /**
     * The rule.
     *
     * @param requests how many starts per window, at least 1
     * @param window the window, positive
     */
    record Rule(int requests, Duration window) {
        Rule {
            if (requests < 1 || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("a rate limit needs requests >= 1 and a positive window");
            }
        }
    }

    private static final class Host {
        final ArrayDeque<Long> starts = new ArrayDeque<>();
        final Lock lock = new Lock();
    }

    private final EventLoop loop;
    private final Rule rule;
    private final Map<String, Host> hosts = new HashMap<>();

    RateLimit(EventLoop loop, Rule rule) {
        this.loop = loop;
        this.rule = rule;
    }

    /**
     * Waits until a request to {@code host} may start, and counts it.
     *
     * <p><b>Cancellation:</b> a cancelled wait counts nothing and releases its place in the queue.
     *
     * @param host the host (and port)
     */
    void acquire(String host) {
        Host h = hosts.computeIfAbsent(host, k -> new Host());
        long window = rule.window().toNanos();
        try (Guard _ = h.lock.acquire()) {
            while (true) {
                long now = loop.time();
                while (!h.starts.isEmpty() && now - h.starts.peekFirst() >= window) {
                    h.starts.pollFirst();
                }
                if (h.starts.size() < rule.requests()) {
                    h.starts.addLast(now);
                    return;
                }
                Asyncio.sleep(Duration.ofNanos(h.starts.peekFirst() + window - now));
            }
        }
    }
}
