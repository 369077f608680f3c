package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.net.Connection;
import io.jasyncio.net.IncompleteReadException;
import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The seeds' echo server and client with streams, in one loop: the server (the same handler as
 * {@link EchoServer}) upper-cases each line; the client sends lines, reads the replies, then half-closes and
 * sees the end of the stream; the server runs in {@code serveForever} until it is cancelled (the seeds'
 * {@code start_server}, {@code open_connection}, {@code readline}, {@code drain}, {@code serve_forever}).
 */
public final class StreamEcho implements Example {

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
        return "stream-echo";
    }

    @Override
    public String summary() {
        return "a streams echo server and client talk over loopback TCP";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: a server task in {@code serveForever}, and a client that talks to it. */
    static void mainTask(PrintStream out) throws IOException {
        try (Server server = Streams.startServer((r, w) -> EchoServer.handle(r, w, out), "127.0.0.1", 0)) {
            out.println("   server listening on " + server.addresses());
            var serving = Asyncio.createTask("server", server::serveForever);
            try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
                for (String line : new String[] {"hello", "asyncio", "from java"}) {
                    c.writer().write(line + "\n");
                    c.writer().drain();
                    String reply = new String(c.reader().readLine(), StandardCharsets.UTF_8);
                    out.println("   sent '" + line + "', got '" + reply.strip() + "'");
                }
                c.writer().writeEof();
                try {
                    c.reader().readExactly(1);
                } catch (IncompleteReadException e) {
                    out.println("   after our end of file, the server closed too: " + e.getMessage());
                }
            }
            serving.cancel(); // what Ctrl-C does to the seed's server: serveForever ends and closes it
            try {
                serving.await();
            } catch (CancelledException e) {
                out.println("   serveForever was cancelled; the server is serving: " + server.isServing());
            }
        }
    }
}
