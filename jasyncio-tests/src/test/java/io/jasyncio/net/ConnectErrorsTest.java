package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/**
 * Connect, bind and resolution failures name the host and port (or path) they were about, keep the JDK's
 * exception as the cause and keep its type, so {@code catch (ConnectException e)} still works.
 */
class ConnectErrorsTest {

    private static int freePort() throws Exception {
        try (ServerSocketChannel probe = ServerSocketChannel.open()) {
            probe.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return ((InetSocketAddress) probe.getLocalAddress()).getPort();
        }
    }

    @AsyncioTest(realClock = true)
    void refusedConnectionNamesHostAndPort() throws Exception {
        int port = freePort();
        assertThatThrownBy(() -> Streams.openConnection("127.0.0.1", port))
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Connection refused: 127.0.0.1:" + port)
                .cause()
                .isExactlyInstanceOf(ConnectException.class)
                .hasMessage("Connection refused");
    }

    @AsyncioTest(realClock = true)
    void refusedConnectionToANameNamesTheNameAndThePort() throws Exception {
        int port = freePort();
        assertThatThrownBy(() -> Streams.openConnection("localhost", port))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("localhost")
                .hasMessageContaining(":" + port);
    }

    @AsyncioTest(realClock = true)
    void addressInUseNamesHostAndPort() throws Exception {
        try (Server first = Streams.startServer((r, w) -> w.close(), "127.0.0.1", 0)) {
            int port = first.port();
            assertThatThrownBy(() -> Streams.startServer((r, w) -> w.close(), "127.0.0.1", port))
                    .isExactlyInstanceOf(BindException.class)
                    .hasMessage("Address already in use: 127.0.0.1:" + port)
                    .hasCauseExactlyInstanceOf(BindException.class);
        }
    }

    @AsyncioTest(realClock = true)
    void unknownHostNamesHostAndPort() {
        assertThatThrownBy(() -> Streams.openConnection("no-such-host.invalid", 4242))
                .isExactlyInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("Unknown host: no-such-host.invalid:4242")
                .hasCauseExactlyInstanceOf(UnknownHostException.class);
        assertThatThrownBy(() -> Streams.startServer((r, w) -> w.close(), "no-such-host.invalid", 4243))
                .isExactlyInstanceOf(UnknownHostException.class)
                .hasMessageStartingWith("Unknown host: no-such-host.invalid:4243");
    }

    @AsyncioTest(realClock = true)
    void connectTimeoutNamesHostAndPort() throws Exception {
        try (FullBacklog full = new FullBacklog()) {
            assertThat(full.connectUntilTimeout()).isNotNull().hasMessageContaining("127.0.0.1:" + full.port());
        }
    }

    @AsyncioTest(realClock = true)
    void unixConnectAndBindFailuresNameThePath(@TempDir Path dir) {
        Path missing = dir.resolve("missing.sock");
        assertThatThrownBy(() -> Streams.openUnixConnection(missing))
                .isInstanceOf(SocketException.class)
                .hasMessageContaining(missing.toString());
        Path noDir = dir.resolve("no-such-dir").resolve("s.sock");
        assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> w.close(), noDir))
                .isInstanceOf(SocketException.class)
                .hasMessageContaining(noDir.toString());
    }
}
