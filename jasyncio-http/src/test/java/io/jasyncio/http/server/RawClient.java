package io.jasyncio.http.server;

import io.jasyncio.net.Connection;
import io.jasyncio.net.Streams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A raw TCP client for tests: sends bytes as given and reads responses by hand. Loop-confined. */
final class RawClient implements AutoCloseable {

    private final Connection connection;

    private RawClient(Connection connection) {
        this.connection = connection;
    }

    static RawClient connect(int port) throws IOException {
        return new RawClient(Streams.openConnection("127.0.0.1", port));
    }

    RawClient send(String text) throws IOException {
        connection.writer().write(text.getBytes(StandardCharsets.ISO_8859_1));
        connection.writer().drain();
        return this;
    }

    /** Reads one response: head, then a Content-Length or chunked body (not until-close bodies). */
    String response() throws IOException {
        var text = new StringBuilder();
        long length = 0;
        boolean chunked = false;
        while (true) {
            String line = new String(connection.reader().readLine(), StandardCharsets.ISO_8859_1);
            if (line.isEmpty()) {
                throw new IOException("connection closed before a response: " + text);
            }
            text.append(line);
            if (line.equals("\r\n")) {
                break;
            }
            String lower = line.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).strip());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (text.toString().startsWith("HTTP/1.1 1")) {
            return text.toString(); // interim: no body
        }
        if (chunked) {
            while (true) {
                String size = new String(connection.reader().readLine(), StandardCharsets.ISO_8859_1);
                text.append(size);
                int n = Integer.parseInt(size.strip(), 16);
                byte[] data = connection.reader().readExactly(n + 2);
                text.append(new String(data, StandardCharsets.ISO_8859_1));
                if (n == 0) {
                    return text.toString();
                }
            }
        }
        if (text.toString().contains("HEAD-REQUEST")) {
            return text.toString();
        }
        text.append(new String(connection.reader().readExactly((int) length), StandardCharsets.ISO_8859_1));
        return text.toString();
    }

    /** Reads everything until the server closes. */
    String rest() throws IOException {
        return new String(connection.reader().read(-1), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        connection.close();
    }
}
