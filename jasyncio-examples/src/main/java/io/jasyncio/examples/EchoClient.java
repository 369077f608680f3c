package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Streams;
import java.nio.charset.StandardCharsets;

/**
 * A client for {@link EchoServer}: sends a few lines and prints the replies.
 *
 * <p>Run it with {@code java --add-opens java.base/java.lang=ALL-UNNAMED ... EchoClient [port]}.
 */
public final class EchoClient {
    private EchoClient() {}

    /**
     * Sends three lines and prints what comes back; Ctrl-C ends it with exit status 130.
     *
     * @param args an optional port (default 8888)
     * @throws Exception if the connection fails
     */
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 8888;
        Asyncio.runMain(() -> {
            try (Connection c = Streams.openConnection("127.0.0.1", port)) {
                for (String msg : new String[] {"hello", "asyncio", "from java"}) {
                    c.writer().write(msg + "\n");
                    c.writer().drain();
                    System.out.print("reply: " + new String(c.reader().readLine(), StandardCharsets.UTF_8));
                }
                c.writer().writeEof();
                c.reader().read(-1);
            }
        });
    }
}
