package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.KeyboardInterruptException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C on {@code jasyncio serve} in its own JVM: the first SIGINT starts a graceful shutdown (no new connections, a
 * download in flight may finish), the second ends the server at once.
 */
class ServeInterruptTest {

    @TempDir
    Path dir;

    @Test
    void theFirstCtrlCStopsAcceptingAndTheSecondEndsAtOnce() throws Exception {
        Path www = Files.createDirectory(dir.resolve("www"));
        try (var big = new RandomAccessFile(www.resolve("big.bin").toFile(), "rw")) {
            big.setLength(256L << 20); // sparse: a download that cannot finish while its client does not read
        }
        var command = CliRun.inOwnJvm("serve", www.toString(), "--port", "0");
        Path errors = dir.resolve("server.err");
        var server = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (var lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
                var downloader = new Socket()) {
            String banner = lines.readLine();
            var found = Pattern.compile("on http://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(banner));
            assertThat(found.find())
                    .as("banner: " + banner + "\n" + Files.readString(errors))
                    .isTrue();
            var address = new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(found.group(1)));
            downloader.connect(address, 10_000);
            downloader
                    .getOutputStream()
                    .write("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(downloader.getInputStream().read()).isEqualTo('H'); // the response started; then no reading

            signal(server, "INT");
            // A graceful shutdown closes the listener first, then waits (up to a minute) for the download.
            awaitRefused(address);
            assertThat(server.isAlive())
                    .as("still waiting for the download in flight")
                    .isTrue();

            signal(server, "INT");
            assertThat(server.waitFor(30, TimeUnit.SECONDS))
                    .as("the second Ctrl-C ends the server")
                    .isTrue();
            assertThat(server.exitValue()).isEqualTo(KeyboardInterruptException.EXIT_STATUS);
        } finally {
            server.destroyForcibly();
        }
    }

    private static void signal(Process process, String name) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .inheritIO()
                .start();
        assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).isZero();
    }

    /** Waits until connecting is refused: the external server gives no event to wait on, so this polls. */
    private static void awaitRefused(InetSocketAddress address) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (var probe = new Socket()) {
                probe.connect(address, 1_000);
            } catch (ConnectException refused) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the server still accepts connections 30 s after Ctrl-C");
    }
}
