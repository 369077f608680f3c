package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;

/** The stream contract over an in-memory transport pair (delivery one write per loop callback). */
class MemoryStreamTest extends StreamContract {

    @Override
    Pair open(int limit) throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Connection> a = loop.createFuture();
        Future<Connection> b = loop.createFuture();
        MemoryTransport.pair(
                loop,
                new StreamProtocol(loop, limit, (r, w) -> a.setResult(new Connection(r, w))),
                new StreamProtocol(loop, limit, (r, w) -> b.setResult(new Connection(r, w))));
        return new Pair(a.await(), b.await(), () -> {});
    }
}
