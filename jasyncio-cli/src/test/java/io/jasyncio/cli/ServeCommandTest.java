package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jasyncio serve}: bad arguments are one-line usage errors (serving itself: the HTTP server's tests). */
class ServeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    private int run(String... args) {
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        int status = run("serve", dir.resolve("missing").toString(), "--port", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .startsWith("jasyncio serve: not a directory: ")
                .hasLineCount(1);
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        int status = run("serve", dir.toString(), "--port", "70000");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("70000").hasLineCount(1);
    }

    @Test
    void noWorkersIsAUsageError() {
        int status = run("serve", dir.toString(), "--workers", "0");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--workers").hasLineCount(1);
    }
}
