package io.jasyncio.http.internal.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Name resolution: answers cached for their TTL, concurrent lookups shared, failures not cached. */
class DnsCacheTest {

    @AsyncioTest
    void answersAreCachedForTheirTtlAndConcurrentLookupsShareOneResolution() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        var cache = new DnsCache(Asyncio.loop(), Duration.ofSeconds(10), host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getByAddress(host, new byte[] {127, 0, 0, 9}));
        });
        List<Task<List<InetAddress>>> tasks = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            tasks.add(Asyncio.createTask(() -> cache.resolve("sensor.test")));
        }
        assertThat(Asyncio.gather(tasks))
                .allMatch(a -> a.get(0).getHostAddress().equals("127.0.0.9"));
        assertThat(lookups).hasValue(1);
        Asyncio.sleep(Duration.ofSeconds(5));
        cache.resolve("sensor.test");
        assertThat(lookups).hasValue(1);
        Asyncio.sleep(Duration.ofSeconds(6));
        cache.resolve("sensor.test");
        assertThat(lookups).hasValue(2);
        cache.clear("sensor.test");
        cache.resolve("sensor.test");
        assertThat(lookups).hasValue(3);
    }

    @AsyncioTest
    void failuresAreReportedAndNotCached() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        var cache = new DnsCache(Asyncio.loop(), Duration.ofSeconds(10), host -> {
            lookups.incrementAndGet();
            throw new UnknownHostException(host + ": no such host");
        });
        assertThatThrownBy(() -> cache.resolve("nx.test")).isInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> cache.resolve("nx.test")).isInstanceOf(UnknownHostException.class);
        assertThat(lookups).hasValue(2);
    }

    @AsyncioTest
    void zeroTtlDoesNotCache() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        var cache = new DnsCache(Asyncio.loop(), Duration.ZERO, host -> {
            lookups.incrementAndGet();
            return List.of(InetAddress.getLoopbackAddress());
        });
        cache.resolve("a.test");
        cache.resolve("a.test");
        assertThat(lookups).hasValue(2);
    }
}
