package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The transport contract over Unix domain sockets. */
class UnixTransportTest extends TransportContract {

    @Override
    Cleanup connect(Recorder client, Recorder server) throws IOException {
        EventLoop loop = Asyncio.loop();
        Path dir = Files.createTempDirectory("jasyncio-unix");
        Path path = dir.resolve("s.sock");
        Server listener = Networking.of(loop).createUnixServer(new OneProtocol(server), path, ServerOptions.defaults());
        Networking.of(loop).createUnixConnection(() -> client, path);
        return () -> {
            listener.close();
            listener.awaitClosed();
            Files.deleteIfExists(path);
            Files.delete(dir);
        };
    }
}
