package io.jasyncio.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.examples.Example;
import io.jasyncio.examples.Examples;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

    private final CliRun cli = new CliRun();

    @Test
    void multibyteCharacterSplitAcrossWritesIsDecodedWhole() throws Exception {
        StringWriter text = new StringWriter();
        byte[] bytes = "é€😀!".getBytes(StandardCharsets.UTF_8);
        try (var stream = new DemoCommand.WriterStream(new PrintWriter(text, true))) {
            for (byte b : bytes) {
                stream.write(new byte[] {b}, 0, 1); // every character arrives in pieces
            }
        }
        assertThat(text.toString()).isEqualTo("é€😀!");
    }

    @Test
    void truncatedCharacterAtTheEndBecomesAReplacementCharacter() throws Exception {
        StringWriter text = new StringWriter();
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        try (var stream = new DemoCommand.WriterStream(new PrintWriter(text, true))) {
            stream.write(new byte[] {'a', euro[0], euro[1]}, 0, 3);
        }
        assertThat(text.toString()).isEqualTo("a\uFFFD");
    }

    @Test
    void headerShowsTheSchedulingModeTheLoopChose() {
        String before = System.getProperty("jasyncio.mode");
        System.setProperty("jasyncio.mode", "compat"); // the JVM allows fast mode; the loop is told otherwise
        try {
            assertThat(cli.run("demo", "hello")).isZero();
        } finally {
            if (before == null) {
                System.clearProperty("jasyncio.mode");
            } else {
                System.setProperty("jasyncio.mode", before);
            }
        }

        assertThat(cli.out()).contains("scheduling: compat");
    }

    @Test
    void headerShowsFastModeWhenTheJvmAllowsIt() {
        assertThat(cli.run("demo", "hello")).isZero();

        assertThat(cli.out()).contains("scheduling: fast");
    }

    @Test
    void listShowsEveryScenarioWithItsSummaryAndRunsNone() {
        assertThat(cli.run("demo", "--list")).isZero();

        String listing = cli.out();
        for (var example : Examples.all()) {
            assertThat(listing).containsPattern("(?m)^  " + example.name() + " +\\Q" + example.summary() + "\\E$");
        }
        assertThat(listing).doesNotContain("==", "passed");
    }

    @Test
    void namedScenariosRunAloneInTheGivenOrder() {
        assertThat(cli.run("demo", "chained", "hello")).isZero();

        String output = cli.out();
        assertThat(output).contains("== chained", "== hello", "2 of 2 scenarios passed");
        assertThat(output.indexOf("== chained")).isLessThan(output.indexOf("== hello"));
        assertThat(output).doesNotContain("== tasks");
    }

    @Test
    void unknownScenarioIsAUsageErrorThatPointsToTheList() {
        assertThat(cli.run("demo", "no-such-demo")).isEqualTo(2);

        assertThat(cli.err()).contains("no-such-demo").contains("--list");
        assertThat(cli.out()).doesNotContain("==");
    }

    @Test
    void withoutNamesEveryScenarioIsSelected() {
        assertThat(DemoCommand.select(List.of()))
                .map(Example::name)
                .containsExactlyElementsOf(
                        Examples.all().stream().map(Example::name).toList());
    }
}
