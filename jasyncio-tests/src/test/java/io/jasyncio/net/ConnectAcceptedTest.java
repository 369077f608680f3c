package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;

/** {@code Networking.connectAccepted}: a socket accepted on one loop, served on another; cancellation; misuse. */
class ConnectAcceptedTest {

    @BeforeAll
    static void certificates() {
        TestCertificates.shared();
    }

    private static ServerSocketChannel listen() throws Exception {
        ServerSocketChannel listener = ServerSocketChannel.open();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return listener;
    }

    private static int port(ServerSocketChannel listener) throws Exception {
        return ((InetSocketAddress) listener.getLocalAddress()).getPort();
    }

    /** Echoes what it receives and records the loop its callbacks ran on. */
    static final class Echo implements Protocol {
        final CompletableFuture<EventLoop> servedOn = new CompletableFuture<>();
        final CompletableFuture<@Nullable Void> lost = new CompletableFuture<>();
        private @Nullable Transport transport;

        @Override
        public void connectionMade(Transport t) {
            transport = t;
        }

        @Override
        public void dataReceived(ByteBuffer data) {
            servedOn.complete(Asyncio.loop());
            java.util.Objects.requireNonNull(transport).write(data);
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            lost.complete(null);
        }
    }

    @AsyncioTest(realClock = true)
    void aSocketAcceptedOnOneLoopIsServedOnAnother() throws Exception {
        var otherLoop = new CompletableFuture<EventLoop>();
        var stop = new CompletableFuture<@Nullable Void>();
        var finished = new CompletableFuture<@Nullable Void>();
        Thread thread = Thread.ofPlatform().name("other-loop").start(() -> {
            try {
                Asyncio.run(() -> {
                    otherLoop.complete(Asyncio.loop());
                    return Asyncio.await(stop);
                });
                finished.complete(null);
            } catch (Throwable e) {
                finished.completeExceptionally(e);
            }
        });
        EventLoop other = Asyncio.await(otherLoop);
        var echo = new Echo();
        var wired = new CompletableFuture<Transport>();
        try (ServerSocketChannel listener = listen()) {
            Task<Connection> client = Asyncio.createTask(() -> Streams.openConnection("127.0.0.1", port(listener)));
            SocketChannel accepted = Networking.of(Asyncio.loop()).sockAccept(listener);
            // Hand the socket over: the other loop wires it in a task of its own.
            other.callSoonThreadsafe(() -> other.createTask(() -> {
                try {
                    wired.complete(Networking.of(other)
                            .connectAccepted(() -> echo, accepted, null)
                            .transport());
                } catch (Exception | Error e) {
                    wired.completeExceptionally(e);
                }
                return null;
            }));
            try (Connection c = client.await()) {
                assertThat(Asyncio.await(wired).extraInfo("peername")).isNotNull();
                c.writer().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                assertThat(c.reader().readLine()).isEqualTo("ping\n".getBytes(StandardCharsets.US_ASCII));
            }
            assertThat(Asyncio.await(echo.servedOn)).isSameAs(other).isNotSameAs(Asyncio.loop());
            Asyncio.await(echo.lost); // the client's close reached the other loop's transport
        } finally {
            stop.complete(null);
            Asyncio.await(finished);
            Asyncio.toThread(() -> thread.join());
        }
    }

    @AsyncioTest(realClock = true)
    void cancellingDuringTheHandshakeClosesTheSocket() throws Exception {
        EventLoop loop = Asyncio.loop();
        try (ServerSocketChannel listener = listen();
                SocketChannel peer = SocketChannel.open()) {
            Networking.of(loop)
                    .sockConnect(peer, new InetSocketAddress(InetAddress.getLoopbackAddress(), port(listener)));
            SocketChannel accepted = Networking.of(loop).sockAccept(listener);
            // The peer never sends a ClientHello: the server side waits in the handshake until cancelled.
            Task<?> adopting = Asyncio.createTask(() -> Networking.of(loop)
                    .connectAccepted(
                            Echo::new, accepted, TestCertificates.shared().serverTls()));
            Asyncio.sleep(java.time.Duration.ZERO); // the task runs until it waits for the handshake
            adopting.cancel();

            assertThatThrownBy(adopting::await).isInstanceOf(CancelledException.class);
            assertThat(accepted.isOpen()).isFalse();
            assertThat(Networking.of(loop).sockRecv(peer, ByteBuffer.allocate(16)))
                    .isEqualTo(-1);
        }
    }

    @AsyncioTest
    void anUnconnectedSocketIsRefusedAndLeftOpen() throws Exception {
        try (SocketChannel unconnected = SocketChannel.open()) {
            assertThatThrownBy(() -> Networking.of(Asyncio.loop()).connectAccepted(Echo::new, unconnected, null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connected socket");
            assertThat(unconnected.isOpen()).isTrue();
        }
    }
}
