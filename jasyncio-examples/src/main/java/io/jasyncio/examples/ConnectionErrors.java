package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Connection;
import io.jasyncio.net.IncompleteReadException;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Error handling around a connection: one handler catches a short read, a reset by the peer and anything else,
 * and always closes its writer; connecting to a port nobody listens on fails too (the seeds'
 * {@code handle_connection} with {@code IncompleteReadError}, {@code ConnectionResetError} and a
 * {@code finally} that closes, and their {@code ConnectionError} handling).
 *
 * <p>Java has no {@code ConnectionResetError} type: a reset is a {@link SocketException} ("Connection reset"), a
 * refused connection a {@link ConnectException} (a {@code SocketException} too), and all of them are
 * {@link IOException}s. Catch {@code IOException} rather than {@code Exception} for "anything else": a
 * {@code catch (Exception e)} would also swallow a cancellation.
 */
public final class ConnectionErrors implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if the server cannot start
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "connection-errors";
    }

    @Override
    public String summary() {
        return "a handler meets a full reply, a short read, a reset and a refused connection";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: three requests to a server that misbehaves on purpose, then a port nobody listens on. */
    static void mainTask(PrintStream out) throws IOException {
        try (Server server = Streams.startServer(ConnectionErrors::serve, "127.0.0.1", 0)) {
            for (String request : List.of("full", "short", "reset")) {
                out.println("   asking the server for a '" + request + "' reply:");
                Connection connection = Streams.openConnection("127.0.0.1", server.port());
                connection.writer().write(request + "\n");
                handleConnection(connection.reader(), connection.writer(), out);
            }
        }
        out.println("   connecting to a port nobody listens on:");
        try (Connection connection = Streams.openConnection("127.0.0.1", closedPort())) {
            handleConnection(connection.reader(), connection.writer(), out);
        } catch (ConnectException e) {
            out.println("   Connection failed: " + e.getClass().getName() + ": " + e.getMessage());
        }
    }

    /** Reads a 10-byte message and reports what went wrong, if anything; closes the writer in every case. */
    static void handleConnection(StreamReader reader, StreamWriter writer, PrintStream out) {
        try {
            byte[] data = reader.readExactly(10);
            out.println("   Received '" + new String(data, StandardCharsets.UTF_8) + "'");
        } catch (IncompleteReadException e) {
            out.println("   Incomplete read: '" + new String(e.partial(), StandardCharsets.UTF_8) + "' ("
                    + e.partial().length + " of " + e.expected() + " bytes)");
        } catch (SocketException e) {
            out.println("   Connection reset by peer (" + e.getClass().getName() + ": " + e.getMessage() + ")");
        } catch (IOException e) {
            out.println("   Unexpected exception: " + e);
        } finally {
            writer.close();
            try {
                writer.awaitClosed();
            } catch (IOException alreadyReported) {
                // the connection's error, reported above
            }
        }
    }

    private static void serve(StreamReader reader, StreamWriter writer) throws IOException {
        String request = new String(reader.readLine(), StandardCharsets.UTF_8).strip();
        switch (request) {
            case "full" -> writer.write("0123456789");
            case "short" -> writer.write("012");
            default -> {
                // closing a socket whose linger time is zero resets the connection (TCP RST)
                SocketChannel socket = (SocketChannel) Objects.requireNonNull(writer.extraInfo("socket"));
                socket.setOption(StandardSocketOptions.SO_LINGER, 0);
                writer.transport().abort();
                return;
            }
        }
        writer.drain();
        writer.close();
    }

    /** Returns a loopback port that was free a moment ago and has no listener. */
    static int closedPort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }
}
