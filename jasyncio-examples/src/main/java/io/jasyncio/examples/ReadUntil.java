package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Connection;
import io.jasyncio.net.IncompleteReadException;
import io.jasyncio.net.LimitOverrunException;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Reading lines with {@code readUntil} and its two exceptions: the data ends in the middle of a line
 * ({@link IncompleteReadException}, carrying the partial line), or a "line" grows past the reader's limit
 * without a separator ({@link LimitOverrunException}) (the seeds' {@code read_lines} with
 * {@code readuntil(separator=b'\n')}, {@code IncompleteReadError} and {@code LimitOverrunError}).
 */
public final class ReadUntil implements Example {
    private static final byte[] NEWLINE = {'\n'};

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if a connection fails
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "read-until";
    }

    @Override
    public String summary() {
        return "readUntil reads lines, then meets a cut-off line and an over-long one";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: two peers, one that cuts a line off and one that sends too long a line. */
    static void mainTask(PrintStream out) throws IOException {
        try (Server server = Streams.startServer(ReadUntil::serve, "127.0.0.1", 0)) {
            out.println("   a peer that sends two lines and half of a third, then closes:");
            try (Connection connection = Streams.openConnection("127.0.0.1", server.port())) {
                connection.writer().write("lines\n");
                readLines(connection.reader(), out);
            }
            out.println("   a peer that sends 1000 bytes without a newline, to a reader limited to 64:");
            try (Connection connection = Streams.openConnection("127.0.0.1", server.port(), 64)) {
                connection.writer().write("long\n");
                readLines(connection.reader(), out);
            }
        }
    }

    /** Prints every line until the data ends or a line is too long. */
    static void readLines(StreamReader reader, PrintStream out) throws IOException {
        try {
            while (true) {
                byte[] line = reader.readUntil(NEWLINE);
                out.println("   Received: " + new String(line, StandardCharsets.UTF_8).strip());
            }
        } catch (IncompleteReadException e) {
            out.println("   Connection closed (it ended inside a line: '"
                    + new String(e.partial(), StandardCharsets.UTF_8) + "')");
        } catch (LimitOverrunException e) {
            out.println("   Line too long without delimiter (the reader's limit is " + reader.limit() + " bytes)");
        }
    }

    private static void serve(StreamReader reader, StreamWriter writer) throws IOException {
        String request = new String(reader.readLine(), StandardCharsets.UTF_8).strip();
        if (request.equals("lines")) {
            writer.write("first line\nsecond line\nthird li");
        } else {
            writer.write("x".repeat(1000));
            writer.drain();
            reader.read(-1); // until the client hangs up
        }
        writer.close();
    }
}
