package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {

    private final CliRun cli = new CliRun();

    @Test
    void unknownSubcommandPrintsUsageOnStderrAndExitsWithTwo() {
        assertThat(cli.run("bogus")).isEqualTo(2);

        assertThat(cli.err()).contains("bogus").contains("Usage: jasyncio");
        assertThat(cli.out()).isEmpty();
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(cli.run()).isEqualTo(2);

        assertThat(cli.err()).contains("missing subcommand").contains("Usage: jasyncio");
    }

    @Test
    void unknownOptionIsAUsageError() {
        assertThat(cli.run("demo", "--no-such-option")).isEqualTo(2);

        assertThat(cli.err()).contains("--no-such-option");
    }

    @Test
    void helpListsTheSubcommands() {
        assertThat(cli.run("help")).isZero();

        assertThat(cli.out()).contains("demo").contains("test").contains("help");
    }

    @Test
    void versionNamesJasyncioAndTheJavaRuntime() {
        assertThat(cli.run("--version")).isZero();

        assertThat(cli.out()).startsWith("jasyncio ").contains("Java " + Runtime.version());
    }

    @Test
    void demoPrintsItsHeadingAndSucceeds() {
        assertThat(cli.run("demo", "hello")).isZero();

        assertThat(cli.out()).startsWith("jasyncio demo").contains("scheduling:");
    }

    @Test
    void testSubcommandPointsToTheLauncher() {
        assertThat(cli.run("test")).isZero();

        assertThat(cli.out()).contains("./jasyncio test");
    }
}
