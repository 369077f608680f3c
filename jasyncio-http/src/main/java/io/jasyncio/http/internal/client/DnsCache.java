package io.jasyncio.http.internal.client;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.jspecify.annotations.Nullable;

/**
 * Name resolution with a time-to-live cache (aiohttp's {@code use_dns_cache}, {@code ttl_dns_cache}). Lookups run
 * off the loop ({@link Asyncio#toThread}); concurrent lookups of one name share a single resolution, so a thousand
 * requests to a new host resolve it once.
 *
 * <p>Loop-confined.
 */
public final class DnsCache {
    private record Entry(List<InetAddress> addresses, long expires) {}

    /** A resolver; the default asks the JDK (and so the system resolver). */
    @FunctionalInterface
    public interface Resolver {
        /**
         * Resolves a name; may block (it runs off the loop).
         *
         * @param host the name
         * @return its addresses, never empty
         * @throws UnknownHostException if it has none
         */
        List<InetAddress> resolve(String host) throws UnknownHostException;
    }

    private final EventLoop loop;
    private final @Nullable Duration ttl;
    private final Resolver resolver;
    private final Map<String, Entry> cache = new HashMap<>();
    /** Resolutions in flight, shared by every task that asks for the same name meanwhile. */
    private final Map<String, Task<List<InetAddress>>> pending = new HashMap<>();

    /**
     * Creates a cache.
     *
     * @param loop the loop it is confined to
     * @param ttl how long an answer is kept; {@code null} keeps it for ever, zero does not cache
     * @param resolver the resolver
     */
    public DnsCache(EventLoop loop, @Nullable Duration ttl, Resolver resolver) {
        this.loop = loop;
        this.ttl = ttl;
        this.resolver = resolver;
    }

    /** Resolves with the JDK's resolver. */
    public static List<InetAddress> systemResolve(String host) throws UnknownHostException {
        return List.of(InetAddress.getAllByName(host));
    }

    /**
     * Returns the addresses of {@code host}: from the cache while fresh, else resolved.
     *
     * <p><b>Cancellation:</b> the shared resolution continues for the other tasks that wait for it (and fills the
     * cache); this task stops waiting.
     *
     * @param host a name (not a literal address)
     * @return the addresses
     * @throws UnknownHostException if the name has none
     */
    public List<InetAddress> resolve(String host) throws UnknownHostException {
        Entry e = cache.get(host);
        long now = loop.time();
        if (e != null && now - e.expires() < 0) {
            return e.addresses();
        }
        Task<List<InetAddress>> t = pending.get(host);
        if (t == null) {
            t = loop.createTask("resolve " + host, () -> {
                try {
                    List<InetAddress> all = Asyncio.toThread(() -> resolver.resolve(host));
                    store(host, all);
                    return all;
                } finally {
                    pending.remove(host);
                }
            });
            pending.put(host, t);
        }
        try {
            return Asyncio.shield(t).await();
        } catch (CompletionException ce) {
            if (ce.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw ce;
        }
    }

    private void store(String host, List<InetAddress> all) {
        Duration d = ttl;
        if (d == null) {
            cache.put(host, new Entry(all, loop.time() + Long.MAX_VALUE / 2));
        } else if (!d.isZero()) {
            cache.put(host, new Entry(all, loop.time() + Math.min(d.toNanos(), Long.MAX_VALUE / 2)));
        }
    }

    /**
     * Forgets one name, or everything (aiohttp's {@code clear_dns_cache}).
     *
     * @param host the name, or {@code null} for all
     */
    public void clear(@Nullable String host) {
        if (host == null) {
            cache.clear();
        } else {
            cache.remove(host);
        }
    }
}
