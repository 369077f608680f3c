package io.jasyncio.http.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.net.Server;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted HTTP/1.1 server on the test's loop (loopback, port 0): it reads each request head (and a
 * {@code Content-Length} body) and lets the script answer with raw bytes, so tests can send exactly the malformed or
 * truncated responses they need.
 */
final class RawServer implements AutoCloseable {

    /** Answers one request; returns {@code false} to close the connection. */
    @FunctionalInterface
    interface Script {
        boolean answer(Request request, StreamWriter out, int connectionNumber, int requestOnConnection)
                throws Exception;
    }

    /** A request as received. */
    @SuppressWarnings("ArrayRecordComponent") // a test record: the body is read, never compared
    record Request(String head, byte[] body) {
        String requestLine() {
            return head.substring(0, head.indexOf("\r\n"));
        }

        boolean hasHeader(String nameColonValue) {
            return head.toLowerCase(java.util.Locale.ROOT)
                    .contains("\r\n" + nameColonValue.toLowerCase(java.util.Locale.ROOT));
        }
    }

    final List<Request> requests = new ArrayList<>();
    private final Server server;
    private int connections;

    private RawServer(Script script) throws IOException {
        this.server = Streams.startServer((in, out) -> serve(script, in, out), "127.0.0.1", 0);
    }

    private RawServer(io.jasyncio.net.ClientHandler handler) throws IOException {
        this.server = Streams.startServer(
                (in, out) -> {
                    connections++;
                    try {
                        handler.handle(in, out);
                    } finally {
                        out.close();
                    }
                },
                "127.0.0.1",
                0);
    }

    /** A server whose connections are handled by {@code handler} alone (it reads the requests itself). */
    static RawServer raw(io.jasyncio.net.ClientHandler handler) throws IOException {
        return new RawServer(handler);
    }

    static RawServer start(Script script) throws IOException {
        return new RawServer(script);
    }

    /** A server answering every request with {@code response}, keeping the connection open. */
    static RawServer fixed(String response) throws IOException {
        return start((req, out, c, n) -> {
            out.write(response.getBytes(StandardCharsets.ISO_8859_1));
            return true;
        });
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    int port() {
        return server.port();
    }

    int connections() {
        return connections;
    }

    private void serve(Script script, StreamReader in, StreamWriter out) throws Exception {
        int conn = ++connections;
        int n = 0;
        try {
            while (true) {
                byte[] head;
                try {
                    head = in.readUntil("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return; // the client closed
                }
                String h = new String(head, StandardCharsets.ISO_8859_1);
                byte[] body = new byte[0];
                int cl = h.toLowerCase(java.util.Locale.ROOT).indexOf("\r\ncontent-length:");
                if (cl >= 0) {
                    int end = h.indexOf("\r\n", cl + 2);
                    int len = Integer.parseInt(h.substring(cl + 17, end).trim());
                    body = in.readExactly(len);
                } else if (h.toLowerCase(java.util.Locale.ROOT).contains("\r\ntransfer-encoding: chunked")) {
                    body = readChunked(in);
                }
                Request r = new Request(h, body);
                requests.add(r);
                if (!script.answer(r, out, conn, ++n)) {
                    return;
                }
                out.drain();
            }
        } finally {
            out.close();
        }
    }

    private static byte[] readChunked(StreamReader in) throws IOException {
        var all = new java.io.ByteArrayOutputStream();
        while (true) {
            String line = new String(in.readLine(), StandardCharsets.US_ASCII).trim();
            int size = Integer.parseInt(line, 16);
            if (size == 0) {
                in.readLine();
                return all.toByteArray();
            }
            all.write(in.readExactly(size));
            in.readExactly(2);
        }
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    @Override
    public void close() {
        server.close();
        server.awaitClosed();
    }

    /** Checks that a session's pool holds nothing but idle connections: no slot or waiter leaked. */
    static void assertPoolConsistent(ClientSession session) {
        PoolStats s = session.connector().stats();
        assertThat(s.inUse()).as("connections in use: %s", s).isZero();
        assertThat(s.opening()).as("connections opening: %s", s).isZero();
        assertThat(s.waiting()).as("waiters: %s", s).isZero();
        assertThat(s.open()).as("open == idle: %s", s).isEqualTo(s.idle());
    }
}
