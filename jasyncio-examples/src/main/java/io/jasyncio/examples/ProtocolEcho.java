package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The same echo one layer down, with transports and protocols: callbacks instead of tasks, the cheapest way to
 * serve (asyncio's {@code create_server} with a {@code Protocol}; the seeds' {@code EchoServerProtocol} and
 * {@code EchoClientProtocol}).
 */
public final class ProtocolEcho implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new ProtocolEcho().run(System.out);
    }

    @Override
    public String name() {
        return "protocol-echo";
    }

    @Override
    public String summary() {
        return "an echo server and client written as protocols (callbacks, no tasks)";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.loop();
            try (Server server = Networking.of(loop).createServer(EchoServerProtocol::new, "127.0.0.1", 0)) {
                out.println("   protocol server listening on " + server.addresses());
                Future<String> reply = loop.createFuture();
                Networking.of(loop)
                        .createConnection(
                                () -> new EchoClientProtocol("ping over a protocol", reply),
                                "127.0.0.1",
                                server.port());
                out.println("   client received '" + reply.await() + "'");
            }
            return null;
        });
    }

    /**
     * Writes back whatever arrives, and stops reading while the write buffer is full: a client that sends without
     * reading would otherwise make the server buffer everything it sends (the protocol layer's backpressure).
     */
    static final class EchoServerProtocol implements Protocol {
        private @Nullable Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            if (transport != null) {
                transport.write(data);
            }
        }

        @Override
        public void pauseWriting() {
            if (transport != null) {
                transport.pauseReading(); // the buffer is above its high-water mark: stop taking more
            }
        }

        @Override
        public void resumeWriting() {
            if (transport != null) {
                transport.resumeReading(); // drained to the low-water mark: go on
            }
        }
    }

    /** Sends one message, completes a future with the echo, and closes. */
    private static final class EchoClientProtocol implements Protocol {
        private final String message;
        private final Future<String> reply;
        private final StringBuilder received = new StringBuilder();
        private @Nullable Transport transport;

        EchoClientProtocol(String message, Future<String> reply) {
            this.message = message;
            this.reply = reply;
        }

        @Override
        public void connectionMade(Transport t) {
            transport = t;
            t.write(message);
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            received.append(StandardCharsets.UTF_8.decode(data));
            if (received.length() >= message.length() && transport != null) {
                transport.close();
            }
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            if (!reply.isDone()) {
                reply.setResult(received.toString());
            }
        }
    }
}
