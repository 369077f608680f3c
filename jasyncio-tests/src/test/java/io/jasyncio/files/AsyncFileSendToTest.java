package io.jasyncio.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.net.Connection;
import io.jasyncio.net.Server;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import java.nio.file.Path;
import java.util.Arrays;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.io.TempDir;

@NullUnmarked
class AsyncFileSendToTest {
    @TempDir
    Path dir;

    @AsyncioTest(realClock = true)
    void sendToSendsFromThePositionAndMovesIt() throws Exception {
        byte[] content = TestFiles.random(3 * ReadAhead.BLOCK + 123, 31);
        Path file = TestFiles.write(dir.resolve("page.bin"), content);
        Future<Connection> accepted = Asyncio.loop().createFuture();
        try (Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
                Connection client = Streams.openConnection("127.0.0.1", server.port());
                AsyncFile f = AsyncFiles.open(file)) {
            Transport t = accepted.await().writer().transport();
            assertThat(f.read(10)).isEqualTo(Arrays.copyOfRange(content, 0, 10));
            assertThat(f.sendTo(t, 1000)).isEqualTo(1000);
            assertThat(f.position()).isEqualTo(1010);
            assertThat(client.reader().readExactly(1000)).isEqualTo(Arrays.copyOfRange(content, 10, 1010));
            assertThat(f.sendTo(t)).isEqualTo(content.length - 1010L);
            assertThat(f.position()).isEqualTo(content.length);
            assertThat(client.reader().readExactly(content.length - 1010))
                    .isEqualTo(Arrays.copyOfRange(content, 1010, content.length));
            assertThat(f.sendTo(t)).isZero();
            accepted.resultNow().close();
        }
    }

    @AsyncioTest(realClock = true)
    void sendToSendsWhatWasJustWritten() throws Exception {
        Path file = dir.resolve("fresh.txt");
        Future<Connection> accepted = Asyncio.loop().createFuture();
        try (Server server = Streams.startServer((r, w) -> accepted.setResult(new Connection(r, w)), "127.0.0.1", 0);
                Connection client = Streams.openConnection("127.0.0.1", server.port());
                AsyncFile f = AsyncFiles.open(
                        file,
                        java.nio.file.StandardOpenOption.READ,
                        java.nio.file.StandardOpenOption.WRITE,
                        java.nio.file.StandardOpenOption.CREATE)) {
            Transport t = accepted.await().writer().transport();
            f.writeString("header\nbody\n"); // still in the write buffer
            f.seek(0);
            assertThat(f.sendTo(t)).isEqualTo(12);
            assertThat(new String(client.reader().readExactly(12), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo("header\nbody\n");
            accepted.resultNow().close();
        }
    }
}
