package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The listen backlog: a burst of connects is queued by the kernel instead of dropped. */
class ServerBacklogTest {

    /** More than asyncio's default backlog of 100, which used to be ours. */
    private static final int BURST = 300;

    @AsyncioTest(realClock = true)
    void theDefaultBacklogIsTheSystemsMaximum() throws IOException {
        Path somaxconn = Path.of("/proc/sys/net/core/somaxconn");
        int expected = Files.isReadable(somaxconn)
                ? Integer.parseInt(Files.readAllLines(somaxconn).getFirst().strip())
                : 4096;
        assertThat(ServerOptions.defaults().backlog()).isEqualTo(expected);
    }

    @AsyncioTest(realClock = true)
    void aBurstOfConnectsIsQueuedUntilTheServerAcceptsThem() throws Exception {
        int[] accepted = {0};
        Future<Void> all = Asyncio.loop().createFuture();
        // Not serving yet: nothing is accepted, so every connect of the burst must fit in the kernel's queue. With a
        // backlog of 100 the 101st connect's SYN was dropped and it waited a second per retry (and here, forever).
        Server server = Streams.startServer(
                (reader, writer) -> {
                    writer.close();
                    if (++accepted[0] == BURST) {
                        all.setResult(null);
                    }
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withStartServing(false),
                StreamReader.DEFAULT_LIMIT);
        var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
        List<Socket> clients = new ArrayList<>(); // filled by the client thread, read after it ended
        try {
            Asyncio.toThread(() -> {
                for (int i = 0; i < BURST; i++) {
                    var socket = new Socket();
                    clients.add(socket);
                    socket.connect(address, 5_000); // a kernel handshake on loopback: microseconds unless dropped
                }
                return null;
            });
            server.startServing();
            all.await();
            assertThat(accepted[0]).isEqualTo(BURST);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
            server.close();
            server.awaitClosed();
        }
    }
}
