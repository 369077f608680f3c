package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * Sending a large payload in 1 KiB chunks and draining only when the write buffer passes 64 KiB, so memory stays
 * bounded while a slow reader catches up (the seeds' {@code send_large_data} with
 * {@code get_write_buffer_size()} and {@code drain()}).
 */
public final class SendLargeData implements Example {
    private static final int CHUNK_SIZE = 1024;
    private static final int THRESHOLD = 64 * 1024;

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
        return "large-data";
    }

    @Override
    public String summary() {
        return "8 MiB in 1 KiB chunks to a slow reader, draining above a 64 KiB write buffer";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: sends 8 MiB to a slow reader that counts them. */
    static void mainTask(PrintStream out) throws IOException {
        byte[] largeData = new byte[8 * 1024 * 1024];
        Arrays.fill(largeData, (byte) 'x');
        try (Server server = Streams.startServer(SendLargeData::countBytes, "127.0.0.1", 0);
                Connection c = Streams.openConnection("127.0.0.1", server.port())) {
            Stats stats = sendLargeData(c.writer(), largeData);
            c.writer().writeEof();
            String counted = new String(c.reader().read(-1), StandardCharsets.UTF_8);
            out.println("   sent " + largeData.length / 1024 + " KiB in " + largeData.length / CHUNK_SIZE
                    + " chunks; the server counted " + counted + " bytes");
            out.println("   drain() ran " + stats.drains + " times; the write buffer never held more than "
                    + stats.maxBuffered / 1024 + " KiB");
        }
    }

    /** What {@link #sendLargeData} saw. */
    record Stats(int drains, long maxBuffered) {}

    static Stats sendLargeData(StreamWriter writer, byte[] largeData) throws IOException {
        int drains = 0;
        long maxBuffered = 0;
        for (int i = 0; i < largeData.length; i += CHUNK_SIZE) {
            writer.write(Arrays.copyOfRange(largeData, i, Math.min(i + CHUNK_SIZE, largeData.length)));
            maxBuffered = Math.max(maxBuffered, writer.writeBufferSize());
            if (writer.writeBufferSize() > THRESHOLD) {
                writer.drain(); // waits until the peer has taken enough
                drains++;
            }
        }
        writer.drain(); // the final flush
        return new Stats(drains, maxBuffered);
    }

    /** A slow reader: counts what arrives, pausing after each 256 KiB, and answers with the total. */
    private static void countBytes(StreamReader reader, StreamWriter writer) throws IOException {
        long total = 0;
        long sincePause = 0;
        for (byte[] data = reader.read(64 * 1024); data.length > 0; data = reader.read(64 * 1024)) {
            total += data.length;
            sincePause += data.length;
            if (sincePause >= 256 * 1024) {
                sincePause = 0;
                Asyncio.sleep(Duration.ofMillis(1));
            }
        }
        writer.write(Long.toString(total));
        writer.drain();
        writer.close();
    }
}
