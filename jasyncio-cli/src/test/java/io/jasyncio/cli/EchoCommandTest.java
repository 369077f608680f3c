package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Server;
import io.jasyncio.net.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code jasyncio echo}: bad ports and hosts are usage errors; the protocol server has backpressure. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a bug here serves forever
class EchoCommandTest {

    private final CliRun cli = new CliRun();

    private void assertOneLineUsageError(int status, String... fragments) {
        assertThat(status).as("exit status; stderr: %s", cli.err()).isEqualTo(2);
        String text = cli.err();
        assertThat(text.lines()).as(text).hasSize(1);
        assertThat(text).startsWith("jasyncio echo: ").doesNotContain("\tat ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(text).contains(f);
        }
        assertThat(cli.out()).doesNotContain("listening");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999", "-1", "65536"})
    void aPortOutOfRangeIsAUsageError(String port) {
        assertOneLineUsageError(cli.run("echo", "--port", port), port);
    }

    @Test
    void aMissingTlsCertificateIsAUsageError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        String cert = dir.resolve("nope.pem").toString();
        assertOneLineUsageError(cli.run("echo", "--port", "0", "--tls", cert, cert), "nope.pem");
    }

    @Test
    void aTlsKeyInAFormatNotAcceptedIsAUsageErrorThatSaysHowToConvertIt(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path key = dir.resolve("ec.key");
        java.nio.file.Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        java.nio.file.Path cert = dir.resolve("cert.pem");
        java.nio.file.Files.writeString(cert, "");
        int status = cli.run("echo", "--port", "0", "--tls", cert.toString(), key.toString());
        assertThat(status).isEqualTo(2);
        assertThat(cli.err()).startsWith("jasyncio echo: ");
    }

    @Test
    void aPortInUseIsAUsageError() throws Exception {
        try (ServerSocketChannel taken = ServerSocketChannel.open()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) taken.getLocalAddress()).getPort();
            assertOneLineUsageError(cli.run("echo", "--port", String.valueOf(port)), "127.0.0.1:" + port, "in use");
        }
    }

    @Test
    void anUnknownHostIsAUsageError() {
        assertOneLineUsageError(
                cli.run("echo", "--host", "no-such-host.invalid", "--port", "0"),
                "no-such-host.invalid",
                "Unknown host");
    }

    /**
     * A client that sends and never reads: the protocol server stops reading once its write buffer is full, so the
     * buffer stays near the high-water mark (without backpressure it grows by everything the client sends).
     */
    @Test
    void protocolEchoStopsReadingWhileItsWriteBufferIsFull() throws Exception {
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.loop();
            List<EchoCommand.EchoProtocol> made = new ArrayList<>();
            try (Server server = Networking.of(loop)
                            .createServer(
                                    () -> {
                                        var p = new EchoCommand.EchoProtocol();
                                        made.add(p);
                                        return p;
                                    },
                                    "127.0.0.1",
                                    0);
                    SocketChannel client = SocketChannel.open()) {
                Networking.of(loop)
                        .sockConnect(client, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()));
                ByteBuffer flood = ByteBuffer.allocate(64 * 1024 * 1024);
                Task<@Nullable Void> sending = Asyncio.createTask(() -> {
                    Networking.of(loop).sockSendAll(client, flood);
                    return null;
                });
                long maxBuffered = 0;
                int stalled = 0;
                int last = -1;
                while (!sending.isDone() && stalled < 10) { // until the client is done or stuck for 200 ms
                    Asyncio.sleep(Duration.ofMillis(20));
                    Transport t = made.isEmpty() ? null : made.get(0).transport();
                    if (t != null) {
                        maxBuffered = Math.max(maxBuffered, t.writeBufferSize());
                    }
                    stalled = flood.position() == last ? stalled + 1 : 0;
                    last = flood.position();
                }
                assertThat(made).hasSize(1);
                assertThat(flood.position()).as("bytes the client got out").isGreaterThan(64 * 1024);
                assertThat(maxBuffered).isLessThan(1024 * 1024);
                sending.cancel();
                server.abortClients();
            }
            return null;
        });
    }
}
