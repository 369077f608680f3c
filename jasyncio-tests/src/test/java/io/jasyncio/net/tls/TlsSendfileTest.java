package io.jasyncio.net.tls;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Networking;
import io.jasyncio.net.Server;
import io.jasyncio.net.ServerOptions;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import io.jasyncio.testing.TestCertificates;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * sendfile over TLS cannot be zero-copy: the file goes through the TLS layer chunk by chunk. It must pace itself by
 * the transport's write buffer, or a slow reader makes the server hold the whole file in memory.
 */
@Timeout(120)
class TlsSendfileTest {
    static TestCertificates pki;

    @BeforeAll
    static void certificates() {
        pki = TestCertificates.shared();
    }

    @AsyncioTest(realClock = true)
    void sendfileOverTlsWaitsForASlowReaderInsteadOfQueueingTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.bin");
        byte[] bytes = new byte[32 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        Files.write(file, bytes);
        Future<Long> sent = Asyncio.loop().createFuture();
        long[] mostBuffered = {0};
        Future<Transport> serving = Asyncio.loop().createFuture();
        Server server = Streams.startServer(
                (r, w) -> {
                    serving.setResult(w.transport());
                    try (FileChannel ch = FileChannel.open(file)) {
                        sent.setResult(Networking.of(Asyncio.loop()).sendfile(w.transport(), ch, 0, -1));
                    }
                    w.close();
                },
                "127.0.0.1",
                0,
                ServerOptions.defaults().withTls(pki.serverTls()),
                StreamReader.DEFAULT_LIMIT);
        try {
            Connection c = Streams.openConnection(
                    "127.0.0.1",
                    server.port(),
                    ConnectOptions.defaults().withTls(pki.clientTls()),
                    StreamReader.DEFAULT_LIMIT);
            Transport t = serving.await();
            // the client reads nothing for a while: the server's buffer must stay near its high-water mark
            for (int i = 0; i < 20; i++) {
                Asyncio.sleep(Duration.ofMillis(10));
                mostBuffered[0] = Math.max(mostBuffered[0], t.writeBufferSize());
            }
            assertThat(sent.isDone())
                    .as("sendfile finished before the reader read")
                    .isFalse();
            byte[] got = c.reader().read(-1);
            assertThat(got).isEqualTo(bytes);
            assertThat(sent.await()).isEqualTo(bytes.length);
            c.close();
            c.writer().awaitClosed();
        } finally {
            server.close();
        }
        server.awaitClosed();
        assertThat(mostBuffered[0])
                .as("bytes the server buffered while the reader waited")
                .isLessThan(4L * 1024 * 1024);
    }
}
