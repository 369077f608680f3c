package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;

/** The stream contract over TCP on loopback. */
class TcpStreamTest extends StreamContract {

    @Override
    Pair open(int limit) throws Exception {
        Future<Connection> accepted = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0, ServerOptions.defaults(), limit);
        Connection client = Streams.openConnection("127.0.0.1", server.port(), limit);
        return new Pair(client, accepted.await(), server);
    }
}
