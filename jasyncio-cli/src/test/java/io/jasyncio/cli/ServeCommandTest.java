package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jasyncio serve}: bad arguments are one-line usage errors (serving itself: the HTTP server's tests). */
class ServeCommandTest {

    private final CliRun cli = new CliRun();

    @TempDir
    Path dir;

    @Test
    void aMissingDirectoryIsAUsageError() {
        int status = cli.run("serve", dir.resolve("missing").toString(), "--port", "0");

        assertThat(status).isEqualTo(2);
        assertThat(cli.err()).startsWith("jasyncio serve: not a directory: ").hasLineCount(1);
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        int status = cli.run("serve", dir.toString(), "--port", "70000");

        assertThat(status).isEqualTo(2);
        assertThat(cli.err()).contains("70000").hasLineCount(1);
    }

    @Test
    void noWorkersIsAUsageError() {
        int status = cli.run("serve", dir.toString(), "--workers", "0");

        assertThat(status).isEqualTo(2);
        assertThat(cli.err()).contains("--workers").hasLineCount(1);
    }

    @Test
    void aMissingTlsCertificateIsAUsageError() {
        String cert = dir.resolve("nope.pem").toString();
        int status = cli.run("serve", dir.toString(), "--port", "0", "--tls", cert, cert);

        assertThat(status).isEqualTo(2);
        assertThat(cli.err())
                .startsWith("jasyncio serve: ")
                .contains("nope.pem")
                .hasLineCount(1);
    }

    @Test
    void tlsTakesACertificateAndAKey() {
        int status = cli.run(
                "serve", dir.toString(), "--tls", dir.resolve("cert.pem").toString());

        assertThat(status).isEqualTo(2);
        assertThat(cli.err()).contains("--tls");
    }
}
