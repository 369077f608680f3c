package io.jasyncio.examples;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The streams echo server and client on a loop run by hand: the server is started with
 * {@code runUntilComplete}, the loop then runs forever, and the client stops it when it is done (the seeds'
 * {@code handle_echo} and {@code tcp_echo_client} with {@code loop.run_until_complete(start_server(...))} and
 * {@code loop.run_forever()}).
 *
 * <p>The seed runs the client as a second program against port 8888; here both share one loop and the server
 * listens on a free loopback port, so the example ends by itself.
 */
public final class StreamEchoOnALoop implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new StreamEchoOnALoop().run(System.out);
    }

    @Override
    public String name() {
        return "stream-echo-loop";
    }

    @Override
    public String summary() {
        return "the streams echo on a loop run by hand: runUntilComplete, then runForever";
    }

    @Override
    public void run(PrintStream out) {
        try (EventLoop loop = EventLoop.open()) {
            Server server = loop.runUntilComplete(loop.createTask(
                    () -> Streams.startServer((reader, writer) -> handleEcho(reader, writer, out), "127.0.0.1", 0)));
            out.println("   Serving on " + server.addresses());

            var client = loop.createTask(() -> {
                try {
                    tcpEchoClient("Hello World!", server.port(), out);
                } finally {
                    loop.stop();
                }
            });
            loop.runForever(); // until the client calls loop.stop()
            loop.runUntilComplete(client); // done already: rethrows the client's failure, if any

            server.close();
            loop.runUntilComplete(loop.createTask(server::awaitClosed)); // until the handler has closed its connection
        }
    }

    static void handleEcho(StreamReader reader, StreamWriter writer, PrintStream out) throws IOException {
        byte[] data = reader.read(100);
        String message = new String(data, StandardCharsets.UTF_8);
        Object addr = writer.extraInfo("peername");
        out.println("   server: Received '" + message + "' from " + addr);
        out.println("   server: Send: '" + message + "'");
        writer.write(data);
        writer.drain();
        out.println("   server: Close the client socket");
        writer.close();
    }

    static void tcpEchoClient(String message, int port, PrintStream out) throws IOException {
        Connection connection = Streams.openConnection("127.0.0.1", port);
        out.println("   client: Send: '" + message + "'");
        connection.writer().write(message);
        byte[] data = connection.reader().read(100);
        out.println("   client: Received: '" + new String(data, StandardCharsets.UTF_8) + "'");
        out.println("   client: Close the socket");
        connection.writer().close();
    }
}
