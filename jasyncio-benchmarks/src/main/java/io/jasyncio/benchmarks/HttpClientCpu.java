package io.jasyncio.benchmarks;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.ClientTimeout;
import io.jasyncio.http.client.Connector;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client CPU time per request: {@code CONC} concurrent keep-alive GETs of a small body, as many as the server
 * answers for {@code SECONDS} after a warm-up, measured as the whole process's CPU time (all threads: JIT and GC
 * included) over the measured window. Not JMH: the client is the thing measured, against an external server.
 *
 * <p>usage: {@code java -cp benchmarks.jar io.jasyncio.benchmarks.HttpClientCpu jasyncio|jdk URL SECONDS CONC}; prints
 * {@code client=... requests=... rps=... cpu_us_per_request=...}. {@code scripts/http-client-cpu.sh} runs it beside
 * aiohttp's client against the peers' C server.
 */
public final class HttpClientCpu {
    private HttpClientCpu() {}

    /**
     * Runs one client.
     *
     * @param args client, URL, seconds, concurrency
     * @throws Exception if the requests fail
     */
    public static void main(String[] args) throws Exception {
        String client = args[0];
        String url = args[1];
        double seconds = Double.parseDouble(args[2]);
        int conc = Integer.parseInt(args[3]);
        double warm = Math.min(3, seconds);
        switch (client) {
            case "jasyncio" -> jasyncio(url, warm, seconds, conc);
            case "jdk" -> jdk(url, warm, seconds, conc);
            case "flat" -> flat(url, (int) seconds, conc);
            default -> throw new IllegalArgumentException("client must be jasyncio, jdk or flat");
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void report(String client, long requests, long cpu, double seconds) {
        System.out.printf(
                Locale.ROOT,
                "client=%s requests=%d rps=%.0f cpu_us_per_request=%.2f%n",
                client,
                requests,
                requests / seconds,
                cpu / 1e3 / requests);
    }

    private static void jasyncio(String url, double warm, double seconds, int conc) {
        Asyncio.run(() -> {
            try (ClientSession session = ClientSession.builder()
                    .connector(Connector.builder().limit(conc).build())
                    .timeout(ClientTimeout.NONE)
                    .build()) {
                long[] counted = new long[1];
                boolean[] measuring = {false};
                boolean[] stop = {false};
                byte[] buf = new byte[4096];
                List<Task<?>> workers = new ArrayList<>();
                for (int i = 0; i < conc; i++) {
                    workers.add(Asyncio.createTask(() -> {
                        while (!stop[0]) {
                            try (ClientResponse r = session.get(url)) {
                                while (r.content().read(buf, 0, buf.length) >= 0) {
                                    // drain
                                }
                            }
                            if (measuring[0]) {
                                counted[0]++;
                            }
                        }
                    }));
                }
                Asyncio.sleep(Duration.ofMillis((long) (warm * 1000)));
                measuring[0] = true;
                long cpu0 = cpuNanos();
                long t0 = System.nanoTime();
                Asyncio.sleep(Duration.ofMillis((long) (seconds * 1000)));
                long cpu1 = cpuNanos();
                long t1 = System.nanoTime();
                long n = counted[0];
                stop[0] = true;
                Asyncio.gather(workers);
                report("jasyncio", n, cpu1 - cpu0, (t1 - t0) / 1e9);
            }
        });
    }

    /**
     * {@code flat URL ROUNDS 1000}: rounds of 1,000 concurrent GETs through a connector with {@code limit=100};
     * prints the heap in use after a GC following each round, which must stay flat.
     */
    private static void flat(String url, int rounds, int requests) {
        Asyncio.run(() -> {
            try (ClientSession session = ClientSession.builder()
                    .connector(Connector.builder().limit(100).build())
                    .timeout(ClientTimeout.NONE)
                    .build()) {
                for (int round = 1; round <= rounds; round++) {
                    List<Task<Integer>> tasks = new ArrayList<>();
                    for (int i = 0; i < requests; i++) {
                        tasks.add(Asyncio.createTask(() -> {
                            try (ClientResponse r = session.get(url)) {
                                return r.read().length;
                            }
                        }));
                    }
                    Asyncio.gather(tasks);
                    System.gc();
                    Runtime rt = Runtime.getRuntime();
                    System.out.printf(
                            Locale.ROOT,
                            "round=%d requests=%d open_connections=%d heap_used_kib=%d%n",
                            round,
                            requests,
                            session.connector().stats().open(),
                            (rt.totalMemory() - rt.freeMemory()) / 1024);
                }
            }
        });
    }

    private static void jdk(String url, double warm, double seconds, int conc) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).GET().build();
        AtomicBoolean measuring = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        LongAdder counted = new LongAdder();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < conc; i++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    while (!stop.get()) {
                        http.send(req, HttpResponse.BodyHandlers.ofByteArray());
                        if (measuring.get()) {
                            counted.increment();
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        Thread.sleep((long) (warm * 1000));
        measuring.set(true);
        long cpu0 = cpuNanos();
        long t0 = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        long cpu1 = cpuNanos();
        long t1 = System.nanoTime();
        long n = counted.sum();
        stop.set(true);
        for (Thread t : workers) {
            t.join();
        }
        report("jdk-httpclient", n, cpu1 - cpu0, (t1 - t0) / 1e9);
    }
}
