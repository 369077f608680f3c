package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The behaviour the stream and datagram transports share through their common base: what happens when a protocol
 * hook throws (an {@link Error} as a {@link RuntimeException}), and the connect timeout built on the ordinary
 * timeout scope.
 */
class TransportBaseTest {

    /** An error a user hook throws. */
    static final class HookError extends Error {
        private static final long serialVersionUID = 1L;

        HookError(String where) {
            super(where + " failed");
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

    private static void settle() {
        for (int i = 0; i < 5; i++) {
            Asyncio.sleep(Duration.ZERO);
        }
    }

    @AsyncioTest(realClock = true)
    void aStreamConnectionMadeErrorFailsTheCallAndIsNotReportedAgain() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> reported = collectReports(loop);
        List<String> events = new ArrayList<>();
        try (Server server = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
            assertThatThrownBy(() -> Networking.of(loop)
                            .createConnection(
                                    () -> new Protocol() {
                                        @Override
                                        public void connectionMade(Transport transport) {
                                            events.add("made");
                                            throw new HookError("connectionMade");
                                        }

                                        @Override
                                        public void dataReceived(ByteBuffer data) {}

                                        @Override
                                        public void connectionLost(@Nullable Exception exception) {
                                            events.add("lost: " + (exception == null ? null : exception.getCause()));
                                        }
                                    },
                                    "127.0.0.1",
                                    server.port()))
                    .isInstanceOf(HookError.class);
            settle();
        }
        assertThat(events).containsExactly("made", "lost: " + new HookError("connectionMade"));
        assertThat(reported).isEmpty(); // the caller got the error, as for datagram endpoints
    }

    @AsyncioTest(realClock = true)
    void aDatagramConnectionMadeErrorReachesConnectionLost() {
        EventLoop loop = Asyncio.loop();
        Future<@Nullable Exception> lost = loop.createFuture();
        assertThatThrownBy(() -> Networking.of(loop)
                        .createDatagramEndpoint(
                                () -> new DatagramProtocol() {
                                    @Override
                                    public void connectionMade(DatagramTransport transport) {
                                        throw new HookError("connectionMade");
                                    }

                                    @Override
                                    public void datagramReceived(ByteBuffer data, SocketAddress from) {}

                                    @Override
                                    public void connectionLost(@Nullable Exception exception) {
                                        lost.setResult(exception);
                                    }
                                },
                                loopback(0),
                                null,
                                DatagramOptions.defaults()))
                .isInstanceOf(HookError.class);
        // as a stream transport reports it: the error, wrapped since connectionLost takes an Exception
        assertThat(lost.await()).isNotNull().hasCauseInstanceOf(HookError.class);
    }

    @AsyncioTest(realClock = true)
    void aFailingConnectionLostIsReportedAndTheServerStillSeesTheConnectionGo() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> reported = collectReports(loop);
        Future<@Nullable Void> made = loop.createFuture();
        Server server = Networking.of(loop)
                .createServer(
                        () -> new Protocol() {
                            @Override
                            public void connectionMade(Transport transport) {
                                made.setResult(null);
                            }

                            @Override
                            public void dataReceived(ByteBuffer data) {}

                            @Override
                            public void connectionLost(@Nullable Exception exception) {
                                throw new HookError("connectionLost");
                            }
                        },
                        "127.0.0.1",
                        0);
        Connection c = Streams.openConnection("127.0.0.1", server.port());
        made.await();
        c.close();
        server.close();
        // awaitClosed returns only once the server heard that its one connection is gone
        Asyncio.withTimeout(Duration.ofSeconds(10), server::awaitClosed);
        assertThat(reported).containsExactly("protocol.connectionLost() failed");
    }

    @AsyncioTest(realClock = true)
    void aFailingDatagramReceivedIsReportedAndTheEndpointGoesOn() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> reported = collectReports(loop);
        Future<String> second = loop.createFuture();
        var receiver = Networking.of(loop)
                .createDatagramEndpoint(
                        () -> new DatagramProtocol() {
                            int received;

                            @Override
                            public void datagramReceived(ByteBuffer data, SocketAddress from) {
                                if (++received == 1) {
                                    throw new HookError("datagramReceived");
                                }
                                second.setResult(
                                        StandardCharsets.UTF_8.decode(data).toString());
                            }
                        },
                        loopback(0),
                        null,
                        DatagramOptions.defaults());
        SocketAddress to = (SocketAddress) receiver.transport().extraInfo("sockname");
        assertThat(to).isNotNull();
        var sender = Networking.of(loop)
                .createDatagramEndpoint(() -> (data, from) -> {}, null, to, DatagramOptions.defaults());
        try {
            sender.transport().send("one".getBytes(StandardCharsets.UTF_8));
            sender.transport().send("two".getBytes(StandardCharsets.UTF_8));
            assertThat(Asyncio.waitFor(second, Duration.ofSeconds(10))).isEqualTo("two");
            assertThat(reported).containsExactly("protocol.datagramReceived() failed");
        } finally {
            sender.transport().close();
            receiver.transport().close();
            settle();
        }
    }

    @AsyncioTest(realClock = true)
    void aConnectTimeoutIsReportedInATaskThatCaughtAnEarlierCancellation() throws Exception {
        Task<?> me = Asyncio.currentTask().orElseThrow();
        me.cancel("earlier");
        try {
            Asyncio.sleep(Duration.ZERO);
        } catch (CancelledException e) {
            // caught and carried on without uncancel(): cancelling() stays 1, as asyncio allows
        }
        assertThat(me.cancelling()).isEqualTo(1);
        try (FullBacklog full = new FullBacklog()) {
            SocketTimeoutException timeout = full.connectUntilTimeout();
            // the scope compares with the count it started with: its own expiry is a timeout, not a cancellation
            assertThat(timeout).isNotNull().hasMessageContaining("127.0.0.1:" + full.port());
            assertThat(me.cancelling()).isEqualTo(1);
        } finally {
            me.uncancel();
        }
    }
}
