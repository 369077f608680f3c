package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.TestCertificates;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jasyncio serve DIR --tls CERT KEY} in its own JVM, against curl over HTTPS, with a certificate made by openssl
 * at test time ({@link TestCertificates}); SIGTERM then shuts it down gracefully (exit 0).
 */
class ServeTlsTest {

    @TempDir
    Path dir;

    private static String run(List<String> command) throws IOException, InterruptedException {
        var process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(command + ": " + output).isZero();
        return output;
    }

    @Test
    void servesADirectoryOverHttpsToCurlAndStopsOnSigterm() throws Exception {
        Path www = Files.createDirectory(dir.resolve("www"));
        Files.writeString(www.resolve("hello.txt"), "hello over tls");
        var pki = TestCertificates.shared();
        String cert = pki.server().certificate().toString();
        String key = pki.server().key().toString();
        String ca = pki.ca().toString();

        var command = CliRun.inOwnJvm("serve", www.toString(), "--port", "0", "--tls", cert, key);
        Path errors = dir.resolve("server.err"); // the JVM's own log lines stay out of the access log
        var server = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        try (var lines = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
            String banner = lines.readLine();
            var port = Pattern.compile("on https://127\\.0\\.0\\.1:(\\d+)/").matcher(String.valueOf(banner));
            assertThat(port.find())
                    .as("banner: " + banner + "\n" + Files.readString(errors))
                    .isTrue();
            String base = "https://localhost:" + port.group(1);

            String file = run(List.of("curl", "-sS", "--cacert", ca, base + "/hello.txt"));
            String listing = run(List.of("curl", "-sS", "--cacert", ca, base + "/"));
            String accessLine = lines.readLine();

            assertThat(file).isEqualTo("hello over tls");
            assertThat(listing).contains("hello.txt");
            assertThat(accessLine).contains("\"GET /hello.txt HTTP/1.1\" 200 14");

            server.destroy(); // SIGTERM: a graceful shutdown
            assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(server.exitValue()).isZero();
        } finally {
            server.destroyForcibly();
        }
    }
}
