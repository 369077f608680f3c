package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An {@link Error} thrown by a protocol hook or a protocol factory is handled as a {@link RuntimeException} is:
 * the call fails (or the loop's exception handler hears of it) and no socket is left open.
 */
class ProtocolErrorsTest {

    /** An error a user hook throws. */
    static final class HookError extends Error {
        private static final long serialVersionUID = 1L;

        HookError() {
            super("hook failed");
        }
    }

    private static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    private static List<String> collectReports(EventLoop loop) {
        List<String> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx.message()));
        return reported;
    }

    private static DatagramProtocol datagramProtocol(List<String> events, boolean failInMade) {
        return new DatagramProtocol() {
            @Override
            public void connectionMade(DatagramTransport transport) {
                events.add("made");
                if (failInMade) {
                    throw new HookError();
                }
            }

            @Override
            public void datagramReceived(ByteBuffer data, SocketAddress from) {}

            @Override
            public void connectionLost(@Nullable Exception exception) {
                events.add("lost");
            }
        };
    }

    @AsyncioTest(realClock = true)
    void anErrorFromDatagramConnectionMadeFailsTheCallInsteadOfHanging() {
        EventLoop loop = Asyncio.loop();
        List<String> reported = collectReports(loop);
        List<String> events = new ArrayList<>();
        assertThatThrownBy(() -> Asyncio.withTimeout(
                        Duration.ofSeconds(10),
                        () -> Networking.of(loop)
                                .createDatagramEndpoint(
                                        () -> datagramProtocol(events, true),
                                        loopback(0),
                                        null,
                                        DatagramOptions.defaults())))
                .isInstanceOf(HookError.class);
        Polling.until(() -> events.contains("lost"), "connectionLost ran");
        assertThat(events).containsExactly("made", "lost");
        assertThat(reported).isEmpty(); // the caller got the error; nothing else to report
    }

    @AsyncioTest(realClock = true)
    void anErrorFromTheDatagramFactoryClosesTheSocket() throws Exception {
        EventLoop loop = Asyncio.loop();
        int port;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(loopback(0));
            port = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        assertThatThrownBy(() -> Networking.of(loop)
                        .createDatagramEndpoint(
                                () -> {
                                    throw new HookError();
                                },
                                loopback(port),
                                null,
                                DatagramOptions.defaults()))
                .isInstanceOf(HookError.class);
        // the port is free again only if the failed endpoint's socket was closed
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(loopback(port));
        }
    }

    @AsyncioTest(realClock = true)
    void aDatagramTransportLostBeforeConnectionMadeCallsNeitherHook() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> events = new ArrayList<>();
        assertThatThrownBy(() -> Networking.of(loop)
                        .createDatagramEndpoint(
                                () -> {
                                    // the cancellation lands at the wait for connectionMade: the transport is aborted
                                    // first
                                    Asyncio.currentTask().orElseThrow().cancel("gone");
                                    return datagramProtocol(events, false);
                                },
                                loopback(0),
                                null,
                                DatagramOptions.defaults()))
                .isInstanceOf(CancelledException.class);
        Asyncio.currentTask().orElseThrow().uncancel();
        Polling.callbacksScheduledSoFar(); // connectionMade and connectionLost would have been scheduled by now
        assertThat(events).isEmpty(); // the test above shows both do run when connectionMade ran
    }

    @AsyncioTest(realClock = true)
    void anErrorFromTheServerProtocolFactoryClosesTheAcceptedSocket() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> reported = collectReports(loop);
        try (Server server = Networking.of(loop)
                .createServer(
                        () -> {
                            throw new HookError();
                        },
                        "127.0.0.1",
                        0)) {
            try (Connection c = Streams.openConnection("127.0.0.1", server.port())) {
                // the server closes the connection it could not set up: the client sees EOF, not silence
                assertThat(c.reader().read(10, Duration.ofSeconds(10))).isEmpty();
            }
            assertThat(server.isServing()).isTrue();
        }
        assertThat(reported).containsExactly("cannot set up an accepted connection");
    }

    @AsyncioTest(realClock = true)
    void anErrorFromTheClientProtocolFactoryClosesTheSocket() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Connection> accepted = loop.createFuture();
        try (Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0)) {
            assertThatThrownBy(() -> Networking.of(loop)
                            .createConnection(
                                    () -> {
                                        throw new HookError();
                                    },
                                    "127.0.0.1",
                                    server.port()))
                    .isInstanceOf(HookError.class);
            Connection peer = accepted.await();
            assertThat(peer.reader().read(10, Duration.ofSeconds(10))).isEmpty();
            peer.close();
        }
    }
}
