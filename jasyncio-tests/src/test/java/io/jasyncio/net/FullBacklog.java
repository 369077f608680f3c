package io.jasyncio.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A loopback listener that never accepts and has a backlog of one: once the backlog is full the kernel drops
 * further SYNs, so a connection attempt hangs until its connect timeout, which is what the tests want to see.
 */
final class FullBacklog implements AutoCloseable {
    private final ServerSocketChannel listener;

    FullBacklog() throws IOException {
        listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
    }

    int port() throws IOException {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /**
     * Connects with a 200 ms connect timeout until an attempt times out (the first few fill the backlog), closes
     * the connections that got through, and returns that timeout, or {@code null} if none timed out in 8 attempts.
     */
    @Nullable
    SocketTimeoutException connectUntilTimeout() throws Exception {
        ConnectOptions quick = ConnectOptions.defaults().withConnectTimeout(Duration.ofMillis(200));
        List<Connection> fillers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                try {
                    fillers.add(Streams.openConnection("127.0.0.1", port(), quick, 1024));
                } catch (SocketTimeoutException e) {
                    return e;
                }
            }
            return null;
        } finally {
            for (Connection f : fillers) {
                f.close();
                f.writer().awaitClosed();
            }
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
