package io.jasyncio.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Server;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProtocolEchoTest {

    /**
     * A client that sends and never reads: the example's server pauses reading while its write buffer is full, so
     * the client is held back by the kernel's socket buffers (a few MiB) instead of pushing all it has into the
     * server's memory.
     */
    @Test
    @Timeout(60)
    void theEchoServerStopsReadingFromAClientThatDoesNotRead() throws Exception {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.loop();
            try (Server server =
                            Networking.of(loop).createServer(ProtocolEcho.EchoServerProtocol::new, "127.0.0.1", 0);
                    SocketChannel client = SocketChannel.open()) {
                // small client buffers: what can be in flight is then mostly the server's kernel buffers
                client.setOption(StandardSocketOptions.SO_SNDBUF, 64 * 1024);
                client.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
                Networking.of(loop)
                        .sockConnect(client, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                ByteBuffer flood = ByteBuffer.allocate(64 * 1024 * 1024);
                Task<@Nullable Void> sending = Asyncio.createTask(() -> {
                    Networking.of(loop).sockSendAll(client, flood);
                    return null;
                });
                int stalled = 0;
                int last = -1;
                while (!sending.isDone() && stalled < 10) { // until the client is done or stuck for 200 ms
                    Asyncio.sleep(Duration.ofMillis(20));
                    stalled = flood.position() == last ? stalled + 1 : 0;
                    last = flood.position();
                }
                assertThat(flood.position()).as("bytes the client got out").isGreaterThan(64 * 1024);
                assertThat(sending.isDone())
                        .as("64 MiB got through a server that should have stopped reading")
                        .isFalse();
                sending.cancel();
                server.abortClients();
            }
            return null;
        });
    }
}
