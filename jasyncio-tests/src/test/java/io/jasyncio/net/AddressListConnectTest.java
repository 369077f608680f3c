package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Connecting to already resolved addresses ({@link Networking#createConnection(java.util.function.Supplier, List,
 * ConnectOptions)}, {@link Streams#openConnection(List, ConnectOptions, int)}): Happy Eyeballs over the list, and a
 * race that is cancelled or times out leaving no attempt behind.
 */
class AddressListConnectTest {
    private static final InetAddress LOOPBACK = InetAddress.ofLiteral("127.0.0.1");

    @AsyncioTest(realClock = true)
    void aBlackholedFirstAddressIsOvertakenByTheSecondAfterTheDelay() throws Exception {
        try (FullBacklog blackhole = new FullBacklog();
                Server server = Streams.startServer(
                        (r, w) -> {
                            w.write("hi".getBytes(StandardCharsets.US_ASCII));
                            w.close();
                        },
                        "127.0.0.1",
                        0)) {
            assertThat(blackhole.connectUntilTimeout())
                    .as("the backlog is full")
                    .isNotNull();
            Duration delay = Duration.ofMillis(150);
            List<InetSocketAddress> addresses = List.of(
                    new InetSocketAddress(LOOPBACK, blackhole.port()), new InetSocketAddress(LOOPBACK, server.port()));
            long started = Asyncio.loop().time();
            try (Connection c = Streams.openConnection(
                    addresses, ConnectOptions.defaults().withHappyEyeballsDelay(delay), StreamReader.DEFAULT_LIMIT)) {
                // checked in the step the call returned in: the blackholed attempt was stopped, not abandoned
                assertThat(liveAttempts()).isEmpty();
                assertThat(Duration.ofNanos(Asyncio.loop().time() - started)).isGreaterThanOrEqualTo(delay);
                assertThat(c.writer().extraInfo("peername")).isEqualTo(addresses.get(1));
                assertThat(c.reader().read(-1))
                        .asString(StandardCharsets.US_ASCII)
                        .isEqualTo("hi");
            }
        }
    }

    @AsyncioTest(realClock = true)
    void cancellingARaceOfBlackholedAddressesLeavesNoAttemptOrSocketBehind() throws Exception {
        try (FullBacklog blackhole = new FullBacklog()) {
            assertThat(blackhole.connectUntilTimeout())
                    .as("the backlog is full")
                    .isNotNull();
            InetSocketAddress dead = new InetSocketAddress(LOOPBACK, blackhole.port());
            long socketsBefore = openSockets();
            List<List<Task<?>>> leftWhenItThrew = new ArrayList<>();
            Task<Connection> connecting = Asyncio.createTask(() -> {
                try {
                    return Streams.openConnection(
                            List.of(dead, dead),
                            ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(20)),
                            StreamReader.DEFAULT_LIMIT);
                } finally {
                    leftWhenItThrew.add(liveAttempts()); // in the step the call threw in
                }
            });
            for (int i = 0; i < 500 && liveAttempts().size() < 2; i++) {
                Asyncio.sleep(Duration.ofMillis(10)); // until both attempts race
            }
            assertThat(liveAttempts()).hasSize(2);
            connecting.cancel();
            assertThatThrownBy(connecting::await).isInstanceOf(CancelledException.class);
            // the cancelled connect threw only after its attempts had ended (and closed their sockets)
            assertThat(leftWhenItThrew).containsExactly(List.of());
            for (int i = 0; i < 200 && openSockets() > socketsBefore; i++) {
                Asyncio.sleep(Duration.ofMillis(10)); // a closed registered channel frees its fd at the next select
            }
            assertThat(openSockets()).isEqualTo(socketsBefore);
        }
    }

    @AsyncioTest(realClock = true)
    void aRaceThatTimesOutLeavesNoAttemptBehind() throws Exception {
        try (FullBacklog blackhole = new FullBacklog()) {
            assertThat(blackhole.connectUntilTimeout())
                    .as("the backlog is full")
                    .isNotNull();
            InetSocketAddress dead = new InetSocketAddress(LOOPBACK, blackhole.port());
            ConnectOptions options = ConnectOptions.defaults()
                    .withHappyEyeballsDelay(Duration.ofMillis(20))
                    .withConnectTimeout(Duration.ofMillis(200));
            List<List<Task<?>>> leftWhenItThrew = new ArrayList<>();
            assertThatThrownBy(() -> {
                        try {
                            Streams.openConnection(List.of(dead, dead), options, StreamReader.DEFAULT_LIMIT);
                        } finally {
                            leftWhenItThrew.add(liveAttempts());
                        }
                    })
                    .isInstanceOf(SocketTimeoutException.class)
                    .hasMessageContaining("127.0.0.1:" + blackhole.port());
            assertThat(leftWhenItThrew).containsExactly(List.of());
        }
    }

    @AsyncioTest
    void anEmptyListOrAnUnresolvedAddressIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> Streams.openConnection(List.of(), ConnectOptions.defaults(), 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no address to connect to");
        assertThatThrownBy(() -> Streams.openConnection(
                        List.of(InetSocketAddress.createUnresolved("example.com", 80)),
                        ConnectOptions.defaults(),
                        1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unresolved");
        ConnectOptions tlsWithoutName = ConnectOptions.defaults().withTls(TlsOptions.client());
        assertThatThrownBy(() ->
                        Streams.openConnection(List.of(new InetSocketAddress(LOOPBACK, 443)), tlsWithoutName, 1024))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("withServerName");
    }

    @AsyncioTest
    void whenEveryAddressFailsTheExceptionCarriesEachAttemptsFailure() throws Exception {
        int refused1 = freePort();
        int refused2 = freePort();
        List<InetSocketAddress> addresses =
                List.of(new InetSocketAddress(LOOPBACK, refused1), new InetSocketAddress(LOOPBACK, refused2));
        for (ConnectOptions options : List.of(
                ConnectOptions.defaults(), ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(50)))) {
            assertThatThrownBy(() -> Streams.openConnection(addresses, options, 1024))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageStartingWith("Multiple exceptions: ")
                    .hasMessageContaining("127.0.0.1:" + refused1)
                    .hasMessageContaining("127.0.0.1:" + refused2)
                    .satisfies(e -> assertThat(e.getSuppressed())
                            .hasSize(2)
                            .allSatisfy(s -> assertThat(s).isInstanceOf(ConnectException.class)));
        }
    }

    private static List<Task<?>> liveAttempts() {
        return Asyncio.allTasks().stream()
                .filter(t -> t.name().startsWith("happy-eyeballs") && !t.isDone())
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(LOOPBACK, 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    /** Sockets this process has open (the attempts' sockets are the only ones the cancelled race makes). */
    private static long openSockets() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).toString().startsWith("socket:");
                        } catch (IOException e) {
                            return false; // the listing's own fd, closed meanwhile
                        }
                    })
                    .count();
        }
    }
}
