package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Reading with a time limit from a peer that answers late: the first read gives up and reports it, the retry
 * with a longer limit gets the data, and nothing is lost in between (the seeds' {@code read_with_timeout}:
 * {@code wait_for(reader.read(100), timeout)} and {@code except TimeoutError}).
 *
 * <p>{@code wait_for(reader.read(100), t)} is {@code Asyncio.waitFor(() -> reader.read(100), t)}: the call goes
 * into a lambda, and a read cancelled by the time limit loses no bytes. Every read also has an overload with a
 * time limit ({@code reader.read(100, t)}), and {@link Asyncio#withTimeout} bounds a longer block of code.
 */
public final class ReadWithTimeout implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if the connection fails
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "read-timeout";
    }

    @Override
    public String summary() {
        return "a read with a 50 ms limit times out on a slow peer; a retry gets the data";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a slow server, and a client that reads from it with a time limit. */
    static void mainTask(PrintStream out) throws IOException {
        Server server = Streams.startServer(
                (reader, writer) -> {
                    Asyncio.sleep(Duration.ofMillis(200)); // a slow peer
                    writer.write("late, but here");
                    writer.drain();
                    writer.close();
                },
                "127.0.0.1",
                0);
        try (server;
                Connection connection = Streams.openConnection("127.0.0.1", server.port())) {
            byte[] data = readWithTimeout(connection.reader(), Duration.ofMillis(50), out);
            if (data == null) {
                out.println("   retrying with a 5 s limit...");
                data = readWithTimeout(connection.reader(), Duration.ofSeconds(5), out);
            }
            out.println("   received: '" + (data == null ? "" : new String(data, StandardCharsets.UTF_8)) + "'");
        }
    }

    /** Reads up to 100 bytes, or returns {@code null} if none arrive in time (the seed's {@code read_with_timeout}). */
    static byte @Nullable [] readWithTimeout(StreamReader reader, Duration timeout, PrintStream out)
            throws IOException {
        try {
            return Asyncio.waitFor(() -> reader.read(100), timeout);
        } catch (TimeoutException e) {
            out.println("   Timeout! No data received within " + timeout.toMillis() + " ms.");
            return null;
        }
    }
}
