package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.jasyncio.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code jasyncio fetch} against the JDK's HTTP server on another thread: files, plain progress, failures. */
@Timeout(60)
class FetchCommandTest {
    private final CliRun cli = new CliRun();
    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body = ("content of " + path + " "
                            + exchange.getRequestHeaders().getFirst("X-Test"))
                    .getBytes(StandardCharsets.UTF_8);
            int status = path.contains("missing") ? 404 : 200;
            exchange.sendResponseHeaders(status, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Test
    void downloadsConcurrentlyIntoADirectoryWithPlainLines(@TempDir Path dir) throws Exception {
        int status = cli.run(
                "fetch",
                url("/a.txt"),
                url("/b/c.txt"),
                "-o",
                dir.toString(),
                "--concurrency",
                "2",
                "-H",
                "X-Test: yes");
        assertThat(status).as("stderr: %s", cli.err()).isZero();
        assertThat(Files.readString(dir.resolve("a.txt"))).isEqualTo("content of /a.txt yes");
        assertThat(Files.readString(dir.resolve("c.txt"))).isEqualTo("content of /b/c.txt yes");
        assertThat(cli.out().lines()).hasSize(2).allMatch(l -> l.startsWith("done http://"));
        assertThat(cli.out()).doesNotContain("\033[");
    }

    @Test
    void oneUrlToAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("saved.bin");
        assertThat(cli.run("fetch", url("/x"), "-o", file.toString())).isZero();
        assertThat(Files.readString(file)).startsWith("content of /x");
    }

    @Test
    void progressBarsOnRequest(@TempDir Path dir) {
        assertThat(cli.run("fetch", url("/p.txt"), "-o", dir.toString(), "--progress"))
                .isZero();
        assertThat(cli.out()).contains("\033[2K").contains("p.txt").contains("done");
    }

    @Test
    void failuresAreNamedAndTheExitStatusIsOne(@TempDir Path dir) {
        int status = cli.run(
                "fetch", url("/ok.txt"), url("/missing.txt"), "http://127.0.0.1:1/refused", "-o", dir.toString());
        assertThat(status).isEqualTo(1);
        assertThat(cli.err())
                .contains("failed " + url("/missing.txt") + ": 404")
                .contains("failed http://127.0.0.1:1/refused");
        assertThat(dir.resolve("ok.txt")).exists();
    }

    @Test
    void badArgumentsAreUsageErrors() {
        assertThat(cli.run("fetch", "ftp://x/y")).isEqualTo(2);
        assertThat(cli.run("fetch", url("/"), "-H", "nocolon")).isEqualTo(2);
    }

    @Test
    void insecureFetchesFromAServerWithAnUntrustedCertificate(@TempDir Path dir) throws Exception {
        HttpsServer tls = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // The test CA is not one the JDK trusts.
        tls.setHttpsConfigurator(new HttpsConfigurator(TestCertificates.shared().serverContext()));
        tls.createContext("/", exchange -> {
            byte[] body = "secret".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        tls.start();
        try {
            String u = "https://127.0.0.1:" + tls.getAddress().getPort() + "/s.txt";
            Path out = dir.resolve("out");
            assertThat(cli.run("fetch", u, "-o", out.toString())).isNotZero(); // not trusted
            assertThat(cli.err()).contains("failed " + u).contains("TLS handshake failed");
            assertThat(cli.run("fetch", u, "-o", out.toString(), "--insecure"))
                    .as("stderr: %s", cli.err())
                    .isZero();
            assertThat(Files.readString(out)).isEqualTo("secret");
        } finally {
            tls.stop(0);
        }
    }
}
