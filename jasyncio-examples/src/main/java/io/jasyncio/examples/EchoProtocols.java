package io.jasyncio.examples;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The seeds' {@code EchoServer} and {@code EchoClient} protocol classes on a loop run by hand: the server echoes
 * one message and closes the connection, the client's {@code connectionLost} stops the loop, and two clients
 * connect one after the other (the seeds' transports-and-protocols echo with {@code run_until_complete} and
 * {@code run_forever}).
 *
 * <p>A new {@link EchoServerProtocol} is made for each connection, so its transport field belongs to that
 * connection alone. {@link ProtocolEcho} shows the same layer driven from a task.
 */
public final class EchoProtocols implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new EchoProtocols().run(System.out);
    }

    @Override
    public String name() {
        return "echo-protocols";
    }

    @Override
    public String summary() {
        return "EchoServer and EchoClient protocol classes; connectionLost stops runForever";
    }

    @Override
    public void run(PrintStream out) {
        try (EventLoop loop = EventLoop.open()) {
            // each client connection gets a new protocol instance
            Server server = loop.runUntilComplete(loop.createTask(
                    () -> Networking.of(loop).createServer(() -> new EchoServerProtocol(out), "127.0.0.1", 0)));
            out.println("   Serving on " + server.addresses());
            for (int client = 1; client <= 2; client++) {
                String message = "Hello World! (client " + client + ")";
                loop.runUntilComplete(loop.createTask(() -> Networking.of(loop)
                        .createConnection(
                                () -> new EchoClientProtocol(message, loop, out), "127.0.0.1", server.port())));
                loop.runForever(); // until the client's connectionLost stops the loop
            }
            server.close();
        }
    }

    /** Echoes what arrives, then closes the connection. */
    static final class EchoServerProtocol implements Protocol {
        private final PrintStream out;
        private @Nullable Transport transport;

        EchoServerProtocol(PrintStream out) {
            this.out = out;
        }

        @Override
        public void connectionMade(Transport t) {
            out.println("   server: Connection from " + t.extraInfo("peername"));
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            String message = StandardCharsets.UTF_8.decode(data.duplicate()).toString();
            out.println("   server: Data received: '" + message + "'");
            out.println("   server: Send: '" + message + "'");
            Transport t = transport;
            if (t != null) {
                t.write(data);
                out.println("   server: Close the client socket");
                t.close();
            }
        }
    }

    /** Sends its message on connection, prints the reply, and stops the loop when the server hangs up. */
    static final class EchoClientProtocol implements Protocol {
        private final String message;
        private final EventLoop loop;
        private final PrintStream out;

        EchoClientProtocol(String message, EventLoop loop, PrintStream out) {
            this.message = message;
            this.loop = loop;
            this.out = out;
        }

        @Override
        public void connectionMade(Transport transport) {
            transport.write(message);
            out.println("   client: Data sent: '" + message + "'");
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            out.println("   client: Data received: '" + StandardCharsets.UTF_8.decode(data) + "'");
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            out.println("   client: The server closed the connection");
            out.println("   client: Stop the event loop");
            loop.stop();
        }
    }
}
