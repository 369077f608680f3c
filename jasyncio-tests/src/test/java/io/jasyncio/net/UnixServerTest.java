package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.net.BindException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who owns a Unix socket path: a server replaces only a stale socket file, never a live server's socket or a
 * file that is not a socket, and removes on close only the file it created.
 */
class UnixServerTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object fileKey(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    private static Server echoServer(Path path, AtomicInteger clients) throws Exception {
        return Streams.startUnixServer(
                (r, w) -> {
                    clients.incrementAndGet();
                    w.write(r.readLine());
                    w.close();
                },
                path);
    }

    private static void roundTrip(Path path) throws Exception {
        try (Connection c = Streams.openUnixConnection(path)) {
            c.writer().write(bytes("hi\n"));
            assertThat(c.reader().readLine()).isEqualTo(bytes("hi\n"));
        }
    }

    @AsyncioTest(realClock = true)
    void aRegularFileAtThePathIsAddressInUseAndStaysUntouched(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("data.txt");
        Files.writeString(path, "precious");
        assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> w.close(), path))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("Address already in use")
                .hasMessageContaining(path.toString());
        assertThat(path).hasContent("precious");
    }

    @AsyncioTest(realClock = true)
    void aLiveServerKeepsItsPathAndNeverSeesTheSecondServersCheck(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("live.sock");
        AtomicInteger clients = new AtomicInteger();
        try (Server live = echoServer(path, clients)) {
            assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> w.close(), path))
                    .isInstanceOf(BindException.class)
                    .hasMessageContaining(path.toString());
            // connections are accepted in order: a probe connection would have reached the handler first
            roundTrip(path);
            assertThat(clients).hasValue(1);
            assertThat(live.isServing()).isTrue();
        }
        assertThat(path).doesNotExist();
    }

    @AsyncioTest(realClock = true)
    void aLiveListenerWithAFullBacklogIsNotMistakenForAStaleOne(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("busy.sock");
        List<SocketChannel> queued = new ArrayList<>();
        try (ServerSocketChannel busy = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            busy.bind(UnixDomainSocketAddress.of(path), 1);
            Object key = fileKey(path);
            try {
                // fill the accept queue until the kernel answers "try again" (EAGAIN)
                for (int i = 0; i < 16; i++) {
                    SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                    queued.add(c);
                    c.configureBlocking(false);
                    try {
                        c.connect(UnixDomainSocketAddress.of(path));
                    } catch (java.net.SocketException full) {
                        break;
                    }
                }
                assertThatThrownBy(() -> Streams.startUnixServer((r, w) -> w.close(), path))
                        .isInstanceOf(BindException.class);
                assertThat(fileKey(path)).isEqualTo(key);
            } finally {
                for (SocketChannel c : queued) {
                    c.close();
                }
            }
        }
    }

    @AsyncioTest(realClock = true)
    void aStaleSocketFileIsReplaced(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("stale.sock");
        ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        dead.bind(UnixDomainSocketAddress.of(path));
        dead.close(); // a dead server's socket file: bound, then closed without unlinking
        AtomicInteger clients = new AtomicInteger();
        try (Server server = echoServer(path, clients)) {
            roundTrip(path);
            assertThat(clients).hasValue(1);
            assertThat(server.isServing()).isTrue();
        }
        assertThat(path).doesNotExist();
    }

    @AsyncioTest(realClock = true)
    void closeLeavesAPathThatAnotherServerNowOwns(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("shared.sock");
        AtomicInteger first = new AtomicInteger();
        AtomicInteger second = new AtomicInteger();
        Server old = echoServer(path, first);
        Files.delete(path); // someone removed the first server's file ...
        try (Server current = echoServer(path, second)) { // ... and a second server took the path
            old.close();
            old.awaitClosed();
            assertThat(path).exists();
            roundTrip(path);
            assertThat(second).hasValue(1);
            assertThat(current.isServing()).isTrue();
        }
        assertThat(path).doesNotExist();
        assertThat(first).hasValue(0);
    }
}
