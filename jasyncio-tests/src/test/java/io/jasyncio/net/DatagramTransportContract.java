package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a datagram transport must do for its protocol ({@link DatagramTransport}, {@link DatagramProtocol}): the
 * parts of {@link TransportContract} that apply to datagrams (callback order, close and abort, sending after
 * close, addresses), plus message boundaries and error reports. Run over UDP on IPv4 and IPv6 loopback, with one
 * unconnected endpoint (the "server") and one connected to it (the "client").
 */
abstract class DatagramTransportContract {

    /** The loopback address of the family under test. */
    abstract InetAddress loopback();

    /** A protocol that records its callbacks: {@code made}, {@code datagram}, {@code error}, {@code lost}. */
    static final class Recorder implements DatagramProtocol {
        final String name;
        final List<String> events = new ArrayList<>();
        final List<byte[]> datagrams = new ArrayList<>();
        final List<SocketAddress> senders = new ArrayList<>();
        final Future<@Nullable Exception> lost = Asyncio.loop().createFuture();
        final Future<IOException> error = Asyncio.loop().createFuture();
        private int waitingFor;
        private @Nullable Future<@Nullable Void> waiter;

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public void connectionMade(DatagramTransport transport) {
            events.add("made");
        }

        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            events.add("datagram");
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            datagrams.add(copy);
            senders.add(from);
            Future<@Nullable Void> w = waiter;
            if (w != null && datagrams.size() >= waitingFor) {
                waiter = null;
                w.setResult(null);
            }
        }

        @Override
        public void errorReceived(IOException e) {
            events.add("error");
            if (!error.isDone()) {
                error.setResult(e);
            }
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            events.add("lost");
            lost.setResult(exception);
        }

        /** Waits until {@code n} datagrams in all have arrived. */
        void awaitDatagrams(int n) {
            if (datagrams.size() < n) {
                Future<@Nullable Void> w = Asyncio.loop().createFuture();
                waitingFor = n;
                waiter = w;
                w.await();
            }
        }

        /** made once and first, lost exactly once and last. */
        void checkOrder() {
            assertThat(events).as("%s's callbacks", name).startsWith("made").endsWith("lost");
            assertThat(events.stream().filter("made"::equals).count()).isEqualTo(1);
            assertThat(events.stream().filter("lost"::equals).count()).isEqualTo(1);
        }
    }

    /** An unconnected endpoint and one connected to it. */
    record Pair(DatagramTransport server, Recorder serverEvents, DatagramTransport client, Recorder clientEvents)
            implements AutoCloseable {
        /** Aborts what is still open, waits for both ends and checks their callbacks. */
        @Override
        public void close() {
            server.abort();
            client.abort();
            serverEvents.lost.await();
            clientEvents.lost.await();
            serverEvents.checkOrder();
            clientEvents.checkOrder();
        }
    }

    private Pair open() throws IOException {
        EventLoop loop = Asyncio.loop();
        Recorder serverEvents = new Recorder("server");
        Recorder clientEvents = new Recorder("client");
        DatagramTransport server = Networking.of(loop)
                .createDatagramEndpoint(
                        () -> serverEvents, new InetSocketAddress(loopback(), 0), null, DatagramOptions.defaults())
                .transport();
        SocketAddress serverAddress = (SocketAddress) server.extraInfo("sockname");
        assertThat(serverAddress).isNotNull();
        DatagramTransport client = Networking.of(loop)
                .createDatagramEndpoint(() -> clientEvents, null, serverAddress, DatagramOptions.defaults())
                .transport();
        return new Pair(server, serverEvents, client, clientEvents);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @AsyncioTest(realClock = true)
    void datagramsKeepTheirBoundariesAndNameTheirSender() throws Exception {
        try (Pair p = open()) {
            p.client().send(bytes("a"));
            p.client().send(new byte[1000]);
            p.client().sendTo(ByteBuffer.wrap(bytes("three")), null);
            p.serverEvents().awaitDatagrams(3);
            assertThat(p.serverEvents().datagrams).extracting(b -> b.length).containsExactly(1, 1000, 5);
            assertThat(p.serverEvents().senders)
                    .containsOnly((SocketAddress) p.client().extraInfo("sockname"));
            // the unconnected side answers to the address it got
            p.server()
                    .sendTo(
                            ByteBuffer.wrap(bytes("reply")),
                            p.serverEvents().senders.get(0));
            p.clientEvents().awaitDatagrams(1);
            assertThat(p.clientEvents().datagrams.get(0)).isEqualTo(bytes("reply"));
            assertThat(p.client().writeBufferSize()).isZero();
            assertThat(p.server().writeBufferSize()).isZero();
        }
    }

    /**
     * From the unconnected side only: the JDK's connected {@code DatagramChannel} skips zero-length writes, so a
     * connected endpoint cannot send an empty datagram (CPython's can, since 3.13).
     */
    @AsyncioTest(realClock = true)
    void anEmptyDatagramArrivesAsAnEmptyBuffer() throws Exception {
        try (Pair p = open()) {
            SocketAddress client = (SocketAddress) p.client().extraInfo("sockname");
            p.server().sendTo(ByteBuffer.allocate(0), client);
            p.server().sendTo(ByteBuffer.wrap(bytes("after")), client);
            p.clientEvents().awaitDatagrams(2);
            assertThat(p.clientEvents().datagrams.get(0)).isEmpty();
            assertThat(p.clientEvents().datagrams.get(1)).isEqualTo(bytes("after"));
        }
    }

    @AsyncioTest(realClock = true)
    void closeEndsTheEndpointOnceAndSendingAfterItFailsClearly() throws Exception {
        try (Pair p = open()) {
            DatagramTransport t = p.client();
            assertThat(t.isClosing()).isFalse();
            t.close();
            t.close();
            t.abort();
            assertThat(t.isClosing()).isTrue();
            assertThatThrownBy(() -> t.send(bytes("late")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("closed");
            assertThat(p.clientEvents().lost.await()).isNull();
            assertThatThrownBy(() -> t.send(bytes("later"))).isInstanceOf(IllegalStateException.class);
            p.server().abort();
            assertThat(p.serverEvents().lost.await()).isNull();
            assertThat(p.clientEvents().events).containsExactly("made", "lost");
        }
    }

    @AsyncioTest(realClock = true)
    void theDestinationMustMatchHowTheEndpointWasOpened() throws Exception {
        try (Pair p = open()) {
            SocketAddress serverAddress = (SocketAddress) p.server().extraInfo("sockname");
            assertThatThrownBy(() -> p.server().sendTo(ByteBuffer.wrap(bytes("where?")), null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not connected");
            assertThatThrownBy(() -> p.client()
                            .sendTo(ByteBuffer.wrap(bytes("elsewhere")), new InetSocketAddress(loopback(), 9)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("connected to");
            p.client().sendTo(ByteBuffer.wrap(bytes("to the peer by name")), serverAddress);
            p.serverEvents().awaitDatagrams(1);
            assertThat(p.serverEvents().datagrams.get(0)).isEqualTo(bytes("to the peer by name"));
        }
    }

    @AsyncioTest(realClock = true)
    void operationsFromAnotherThreadFailClearlyAndChangeNothing() throws Exception {
        try (Pair p = open()) {
            DatagramTransport t = p.client();
            List<Runnable> operations = List.of(() -> t.send(bytes("x")), t::close, t::abort);
            OtherThread.assertEachFailsWithAThreadError(operations);
            assertThat(t.isClosing()).isFalse();
            t.send(bytes("still usable"));
            p.serverEvents().awaitDatagrams(1);
            assertThat(p.serverEvents().datagrams.get(0)).isEqualTo(bytes("still usable"));
        }
    }

    @AsyncioTest(realClock = true)
    void addressesNameBothEndsAndOutliveTheEndpoint() throws Exception {
        try (Pair p = open()) {
            Object serverName = p.server().extraInfo("sockname");
            Object clientName = p.client().extraInfo("sockname");
            assertThat(serverName)
                    .isInstanceOfSatisfying(
                            InetSocketAddress.class,
                            a -> assertThat(a.getAddress()).isEqualTo(loopback()));
            assertThat(clientName).isInstanceOf(InetSocketAddress.class);
            assertThat(p.client().extraInfo("peername")).isEqualTo(serverName);
            assertThat(p.server().extraInfo("peername")).isNull(); // not connected
            assertThat(p.client().extraInfo("no such key")).isNull();
            p.client().close();
            p.clientEvents().lost.await();
            assertThat(p.client().extraInfo("sockname")).isEqualTo(clientName);
            assertThat(p.client().extraInfo("peername")).isEqualTo(serverName);
        }
    }

    @AsyncioTest(realClock = true)
    void aConnectedEndpointHearsThatNobodyListensAndStaysOpen() throws Exception {
        int closedPort;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(new InetSocketAddress(loopback(), 0));
            closedPort = ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
        Recorder events = new Recorder("client");
        DatagramTransport t = Networking.of(Asyncio.loop())
                .createDatagramEndpoint(
                        () -> events, null, new InetSocketAddress(loopback(), closedPort), DatagramOptions.defaults())
                .transport();
        try {
            t.send(bytes("anyone?"));
            // the ICMP "port unreachable" comes back as an error on the next receive
            assertThat(Asyncio.waitFor(events.error, Duration.ofSeconds(10)))
                    .isInstanceOf(PortUnreachableException.class);
            assertThat(t.isClosing()).isFalse();
            t.send(bytes("still open"));
        } finally {
            t.close();
        }
        assertThat(events.lost.await()).isNull();
        assertThat(events.events).startsWith("made", "error").endsWith("lost").doesNotContain("datagram");
    }
}
