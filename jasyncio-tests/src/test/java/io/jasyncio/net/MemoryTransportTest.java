package io.jasyncio.net;

import io.jasyncio.Asyncio;

/** The transport contract over the in-memory pair the stream contract also runs on. */
class MemoryTransportTest extends TransportContract {

    @Override
    Cleanup connect(Recorder client, Recorder server) {
        MemoryTransport.pair(Asyncio.loop(), client, server);
        return () -> {};
    }
}
