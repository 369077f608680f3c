package io.jasyncio.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.Networking;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The loop forgets the registrations of channels their owners closed: code that uses a socket with the low-level
 * calls or {@code addReader}/{@code addWriter} and then closes it, once per connection, must not grow the poller's
 * map without bound. Live registrations (a channel still open, a user callback not removed yet) stay.
 */
class SelectorRegistrationsTest {
    private static final int CHANNELS = 2_000;
    /** Far below {@link #CHANNELS}: the few live registrations plus what the last sweep left. */
    private static final int BOUND = 100;

    private static SelectorEventLoop loop() {
        return (SelectorEventLoop) Asyncio.loop();
    }

    @AsyncioTest(realClock = true)
    void socketsUsedWithTheLowLevelCallsAndClosedLeaveNoRegistrations() throws Exception {
        Networking net = Networking.of(Asyncio.loop());
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            InetSocketAddress address = (InetSocketAddress) listener.getLocalAddress();
            for (int i = 0; i < CHANNELS; i++) {
                Task<SocketChannel> accepting = Asyncio.createTask(() -> net.sockAccept(listener));
                try (SocketChannel client = SocketChannel.open()) {
                    net.sockConnect(client, address);
                    try (SocketChannel server = accepting.await()) {
                        ByteBuffer in = ByteBuffer.allocate(8);
                        // the receiver waits first, so that it registers its socket
                        Task<Integer> receiving = Asyncio.createTask(() -> net.sockRecv(server, in));
                        Asyncio.sleep(java.time.Duration.ZERO);
                        net.sockSendAll(client, ByteBuffer.wrap(new byte[] {(byte) i}));
                        assertThat(receiving.await()).isEqualTo(1);
                        assertThat(in.get(0)).isEqualTo((byte) i);
                    }
                }
            }
            assertThat(loop().registrations())
                    .as("registrations after %d closed socket pairs", CHANNELS)
                    .isLessThan(BOUND);
        }
    }

    @AsyncioTest(realClock = true)
    void channelsWhoseCallbacksWereRemovedAndThatWereClosedLeaveNoRegistrations() throws Exception {
        SelectorEventLoop loop = loop();
        Pipe kept = Pipe.open();
        try (Pipe.SinkChannel keptSink = kept.sink();
                Pipe.SourceChannel keptSource = kept.source()) {
            loop.addReader(keptSource, () -> {});
            assertThat(loop.removeReader(keptSource)).isTrue();
            SelectorIoSource live = loop.ioSource(keptSource);
            churn(loop, CHANNELS);
            assertThat(loop.registrations())
                    .as("registrations after %d closed pipes", CHANNELS)
                    .isLessThan(BOUND);
            assertThat(loop.ioSource(keptSource))
                    .as("an open channel's registration survives the sweeps")
                    .isSameAs(live);
            Future<Void> readable = loop.createFuture();
            loop.addReader(keptSource, () -> readable.trySetResult(null));
            keptSink.write(ByteBuffer.wrap(new byte[] {1}));
            readable.await();
            assertThat(loop.removeReader(keptSource)).isTrue();
        }
    }

    /**
     * As in asyncio, a reader left on a channel that was closed stays (the sweeps keep it) until it is removed, and
     * then goes at once.
     */
    @AsyncioTest(realClock = true)
    void aReaderLeftOnAClosedChannelIsStillRemovable() throws Exception {
        SelectorEventLoop loop = loop();
        int before = loop.registrations();
        Pipe pipe = Pipe.open();
        Pipe.SourceChannel source = pipe.source();
        try {
            loop.addReader(source, () -> {});
            source.close();
            churn(loop, CHANNELS);
            int held = loop.registrations();
            assertThat(loop.removeReader(source)).isTrue();
            assertThat(loop.registrations())
                    .as("removing the last callback of a closed channel forgets it at once")
                    .isEqualTo(held - 1);
            assertThat(loop.removeReader(source)).isFalse();
        } finally {
            source.close();
            pipe.sink().close();
        }
        churn(loop, CHANNELS);
        assertThat(loop.registrations()).isLessThan(before + BOUND);
    }

    /** Registers, uses and closes {@code n} pipes with {@code addReader}/{@code addWriter}. */
    private static void churn(SelectorEventLoop loop, int n) throws IOException {
        for (int i = 0; i < n; i++) {
            Pipe pipe = Pipe.open();
            try (Pipe.SinkChannel sink = pipe.sink();
                    Pipe.SourceChannel source = pipe.source()) {
                loop.addWriter(sink, () -> {});
                loop.addReader(source, () -> {});
                assertThat(loop.removeWriter(sink)).isTrue();
                assertThat(loop.removeReader(source)).isTrue();
            }
        }
    }
}
