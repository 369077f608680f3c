package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void unknownSubcommandPrintsUsageOnStderrAndExitsWithTwo() {
        assertThat(run("bogus")).isEqualTo(2);

        assertThat(err.toString()).contains("bogus").contains("Usage: jasyncio");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);

        assertThat(err.toString()).contains("missing subcommand").contains("Usage: jasyncio");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(run("demo", "--no-such-option")).isEqualTo(2);

        assertThat(err.toString()).contains("--no-such-option");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(run("help")).isZero();

        assertThat(out.toString()).contains("demo").contains("test").contains("help");
    }

    @Test
    void versionNamesJasyncioAndTheJavaRuntime() {
        assertThat(run("--version")).isZero();

        assertThat(out.toString()).startsWith("jasyncio ").contains("Java " + Runtime.version());
    }

    @Test
    void demoPrintsItsHeadingAndSucceeds() {
        assertThat(run("demo", "hello")).isZero();

        assertThat(out.toString()).startsWith("jasyncio demo").contains("scheduling:");
    }

    @Test
    void testSubcommandPointsToTheLauncher() {
        assertThat(run("test")).isZero();

        assertThat(out.toString()).contains("./jasyncio test");
    }
}
