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
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Request and response with a time limit on every step: a prompt answer comes back, a stalled one times out,
 * closes the connection and reports the timeout to the caller; a connection in try-with-resources is closed
 * whatever happens (the seeds' {@code robust_communication} with {@code wait_for} on {@code drain} and
 * {@code read}, and {@code using_context_manager} with {@code async with writer}).
 *
 * <p>{@code await asyncio.wait_for(writer.drain(), timeout)} is {@code Asyncio.waitFor(() -> writer.drain(),
 * timeout)}: the body's own {@link IOException} comes out as it is, next to the {@link TimeoutException}.
 * {@code except ConnectionError} is {@code catch (IOException e)}; {@code async with writer} is a
 * try-with-resources on the {@link StreamWriter}.
 */
public final class RobustRequest implements Example {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SHORT_TIMEOUT = Duration.ofMillis(100);

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws Exception if the server cannot start or the prompt answer does not come in time
     */
    public static void main(String[] args) throws Exception {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "robust-request";
    }

    @Override
    public String summary() {
        return "request/response with time limits: an answer, a stall that times out, a failed connect";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a prompt answer, a stall, and the context-manager form with and without a listener. */
    static void mainTask(PrintStream out) throws IOException, TimeoutException {
        try (Server server = Streams.startServer(RobustRequest::serve, "127.0.0.1", 0)) {
            try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
                String reply = robustCommunication(c.reader(), c.writer(), "ping\n", TIMEOUT, out);
                out.println("   ping -> " + reply.strip());
                try {
                    robustCommunication(c.reader(), c.writer(), "stall\n", SHORT_TIMEOUT, out);
                } catch (TimeoutException e) {
                    out.println("   the caller sees the TimeoutException; the writer is closing: "
                            + c.writer().isClosing());
                }
            }
            out.println("   with try-with-resources: " + usingContextManager("127.0.0.1", server.port(), out));
        }
        out.println("   with try-with-resources, nobody listening: "
                + usingContextManager("127.0.0.1", ConnectionErrors.closedPort(), out));
    }

    /** Sends a message and returns the reply, each step within {@code timeout}; closes the connection on timeout. */
    static String robustCommunication(
            StreamReader reader, StreamWriter writer, String message, Duration timeout, PrintStream out)
            throws IOException, TimeoutException {
        try {
            writer.write(message);
            Asyncio.waitFor(() -> writer.drain(), timeout);
            byte[] data = Asyncio.waitFor(() -> reader.read(100), timeout);
            return new String(data, StandardCharsets.UTF_8);
        } catch (TimeoutException e) {
            out.println("   Operation timed out");
            writer.close();
            writer.awaitClosed();
            throw e;
        } catch (IOException e) {
            out.println("   Connection failed: " + e);
            throw e;
        }
    }

    /** Sends a greeting and returns the reply, or {@code null} if the connection failed. */
    static @Nullable String usingContextManager(String host, int port, PrintStream out) {
        try {
            Connection c = Streams.openConnection(host, port);
            StreamReader reader = c.reader();
            try (StreamWriter writer = c.writer()) { // async with writer: closed when the block ends
                writer.write("ping\n");
                writer.drain();
                return new String(reader.read(100), StandardCharsets.UTF_8).strip();
            }
        } catch (IOException e) {
            out.println("   Connection failed: " + e);
            return null;
        }
    }

    /** Answers "ping" with "pong"; never answers "stall". */
    private static void serve(StreamReader reader, StreamWriter writer) throws IOException {
        for (byte[] line : reader.lines()) {
            if (new String(line, StandardCharsets.UTF_8).strip().equals("ping")) {
                writer.write("pong\n");
                writer.drain();
            }
        }
        writer.close();
    }
}
