package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.ClientHandler;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A line echo server with streams: one task per client, {@code readLine} then {@code write + drain}.
 *
 * <p>Run it with {@code java --add-opens java.base/java.lang=ALL-UNNAMED ... EchoServer [port]} and talk to it
 * with {@link EchoClient} (or {@code nc 127.0.0.1 8888}). Ctrl-C stops it as it stops the seeds' server:
 * {@code serveForever} is cancelled, the server closes, and the process exits with status 130 after one line on
 * standard error ({@link Asyncio#runMain}).
 */
public final class EchoServer {
    private EchoServer() {}

    /**
     * Serves until Ctrl-C.
     *
     * @param args an optional port (default 8888)
     * @throws Exception if the server cannot start
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        Asyncio.runMain(() -> {
            ClientHandler handler = (reader, writer) -> handle(reader, writer, System.out);
            try (Server server = Streams.startServer(handler, "127.0.0.1", port)) {
                System.out.println("serving on " + server.addresses());
                server.serveForever();
            }
        });
    }

    /** Echoes each line back, upper-cased, until the client closes, logging each line to {@code log}. */
    static void handle(StreamReader reader, StreamWriter writer, PrintStream log) throws Exception {
        Object peer = writer.extraInfo("peername");
        try {
            for (byte[] line : reader.lines()) {
                String text = new String(line, StandardCharsets.UTF_8);
                log.print("   server got from " + peer + ": " + text);
                writer.write(text.toUpperCase(Locale.ROOT));
                writer.drain();
            }
        } finally {
            writer.close();
        }
    }
}
