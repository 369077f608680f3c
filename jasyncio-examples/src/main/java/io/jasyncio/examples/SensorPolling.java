package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.client.BasicAuth;
import io.jasyncio.http.client.ClientResponse;
import io.jasyncio.http.client.ClientSession;
import io.jasyncio.http.client.Connector;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The seeds' sensor polling (S4): one {@link ClientSession} with a {@link Connector} limited to 100 connections in
 * all and 25 per host, {@link BasicAuth} and a default API-key header, reads every sensor concurrently with
 * {@code gather}, converts Fahrenheit to Celsius and prints the average, round after round. The sensors are a local
 * toy HTTP endpoint the example starts itself (a stream server answering {@code GET /sensors/N}).
 *
 * {@snippet :
 * async with aiohttp.ClientSession(connector=TCPConnector(limit=100, limit_per_host=25),
 *                                  auth=BasicAuth(login, password), headers={'X-Api-Key': key}) as session:
 *     readings = await asyncio.gather(*[read(session, url) for url in urls])
 * }
 */
public final class SensorPolling implements Example {
    private static final int SENSORS = 5;
    private static final String LOGIN = "poller";
    private static final String PASSWORD = "s3cret";
    private static final String API_KEY = "demo-key";

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws Exception if the sensor server cannot start
     */
    public static void main(String[] args) throws Exception {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "sensors";
    }

    @Override
    public String summary() {
        return "poll HTTP sensors concurrently: ClientSession, limit/limitPerHost, BasicAuth, headers, gather";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: start the sensors, then three rounds of concurrent readings. */
    static void mainTask(PrintStream out) throws IOException {
        try (Server sensors = Streams.startServer(SensorPolling::sensor, "127.0.0.1", 0);
                ClientSession session = ClientSession.builder()
                        .baseUrl("http://127.0.0.1:" + sensors.port())
                        .connector(
                                Connector.builder().limit(100).limitPerHost(25).build())
                        .auth(BasicAuth.of(LOGIN, PASSWORD))
                        .header("X-Api-Key", API_KEY)
                        .build()) {
            for (int round = 1; round <= 3; round++) {
                List<Task<Double>> tasks = new ArrayList<>();
                for (int id = 1; id <= SENSORS; id++) {
                    int sensor = id;
                    tasks.add(Asyncio.createTask(() -> readCelsius(session, sensor)));
                }
                List<Double> celsius = Asyncio.gather(tasks);
                double average = celsius.stream()
                        .mapToDouble(Double::doubleValue)
                        .average()
                        .orElse(Double.NaN);
                out.printf(Locale.ROOT, "   round %d: %s -> average %.1f C%n", round, format(celsius), average);
                Asyncio.sleep(Duration.ofMillis(50)); // the seed polls every 5 s
            }
            out.println(
                    "   connections opened: " + session.connector().stats().open() + " (kept alive between rounds)");
            try (ClientResponse r = session.request(
                    io.jasyncio.http.client.ClientRequest.get("/sensors/1").auth(BasicAuth.of(LOGIN, "wrong")))) {
                out.println("   with a wrong password: " + r.status() + " " + r.reason());
            }
        }
    }

    /** Reads one sensor: {@code GET /sensors/N} answers degrees Fahrenheit as text. */
    static double readCelsius(ClientSession session, int sensor) throws IOException {
        try (ClientResponse r = session.get("/sensors/" + sensor)) {
            r.raiseForStatus();
            double fahrenheit = Double.parseDouble(r.text().strip());
            return Math.round((fahrenheit - 32) * 5 / 9 * 10) / 10.0;
        }
    }

    private static String format(List<Double> values) {
        StringBuilder sb = new StringBuilder("[");
        for (double v : values) {
            sb.append(sb.length() == 1 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", v));
        }
        return sb.append(']').toString();
    }

    /**
     * A toy sensor endpoint: answers each {@code GET /sensors/N} on a keep-alive connection with a reading in
     * Fahrenheit, after checking the credentials and the API key.
     */
    static void sensor(StreamReader in, StreamWriter out) throws IOException {
        String expected =
                "authorization: " + BasicAuth.of(LOGIN, PASSWORD).encode().toLowerCase(Locale.ROOT);
        try (out) {
            while (true) {
                String head;
                try {
                    head = new String(
                            in.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return; // the client closed the connection
                }
                String lower = head.toLowerCase(Locale.ROOT);
                String path = head.split(" ", 3)[1];
                int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
                String body;
                String status;
                if (!lower.contains("\r\n" + expected + "\r\n") || !lower.contains("\r\nx-api-key: " + API_KEY)) {
                    status = "401 Unauthorized";
                    body = "";
                } else {
                    status = "200 OK";
                    body = String.format(Locale.ROOT, "%.1f", 68.0 + id * 1.8);
                }
                out.write(("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                                + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.US_ASCII));
                out.drain();
            }
        }
    }
}
