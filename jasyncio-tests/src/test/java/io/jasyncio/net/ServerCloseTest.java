package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/** Closing a server closes its listening sockets when {@code close()} returns, not at the loop's next select. */
class ServerCloseTest {

    @AsyncioTest(realClock = true)
    void aClosedServerRefusesTheNextConnectAtOnce() throws Exception {
        Server server = Streams.startServer(
                (reader, writer) -> writer.close(),
                "127.0.0.1",
                0,
                ServerOptions.defaults(),
                StreamReader.DEFAULT_LIMIT);
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());

        server.close();
        // No await since close(): the loop has not selected since. Before the fix the socket was still listening
        // here (a selector closes a registered channel's socket at its next select), and the connect succeeded.
        assertThat(connectWithoutYielding(address))
                .as("the connect was refused")
                .isFalse();
        server.awaitClosed();
    }

    /**
     * Connects without parking the task (a park would let the loop select): a non-blocking connect, then
     * {@code finishConnect} until it completes. Returns whether it connected; false when refused.
     */
    private static boolean connectWithoutYielding(InetSocketAddress address) throws IOException {
        try (var channel = SocketChannel.open()) {
            channel.configureBlocking(false);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            try {
                if (channel.connect(address)) {
                    return true;
                }
                while (System.nanoTime() < deadline) {
                    if (channel.finishConnect()) {
                        return true;
                    }
                    Thread.onSpinWait();
                }
            } catch (ConnectException refused) {
                return false;
            }
            throw new AssertionError("the connect neither completed nor failed in 10 s");
        }
    }
}
