package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import java.nio.file.Files;
import java.nio.file.Path;

/** The stream contract over Unix domain sockets. */
class UnixStreamTest extends StreamContract {

    @Override
    Pair open(int limit) throws Exception {
        Path dir = Files.createTempDirectory("jasyncio-unix");
        Path path = dir.resolve("s.sock");
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Networking.of(Asyncio.loop())
                .createUnixServer(
                        new UnixFactory(limit, (r, w) -> accepted.setResult(new Connection(r, w))),
                        path,
                        ServerOptions.defaults());
        Connection client = Streams.openUnixConnection(path, limit);
        return new Pair(client, accepted.await(), () -> {
            server.close();
            Files.deleteIfExists(path);
            Files.deleteIfExists(dir);
        });
    }

    private record UnixFactory(int limit, ClientHandler handler) implements java.util.function.Supplier<Protocol> {
        @Override
        public Protocol get() {
            return new StreamProtocol(Asyncio.loop(), limit, handler);
        }
    }
}
