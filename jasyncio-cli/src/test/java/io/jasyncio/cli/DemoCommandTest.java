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

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

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
            assertThat(run("demo", "hello")).isZero();
        } finally {
            if (before == null) {
                System.clearProperty("jasyncio.mode");
            } else {
                System.setProperty("jasyncio.mode", before);
            }
        }

        assertThat(out.toString()).contains("scheduling: compat");
    }

    @Test
    void headerShowsFastModeWhenTheJvmAllowsIt() {
        assertThat(run("demo", "hello")).isZero();

        assertThat(out.toString()).contains("scheduling: fast");
    }

    @Test
    void listShowsEveryScenarioWithItsSummaryAndRunsNone() {
        assertThat(run("demo", "--list")).isZero();

        String listing = out.toString();
        for (var example : Examples.all()) {
            assertThat(listing).containsPattern("(?m)^  " + example.name() + " +\\Q" + example.summary() + "\\E$");
        }
        assertThat(listing).doesNotContain("==", "passed");
    }

    @Test
    void namedScenariosRunAloneInTheGivenOrder() {
        assertThat(run("demo", "chained", "hello")).isZero();

        String output = out.toString();
        assertThat(output).contains("== chained", "== hello", "2 of 2 scenarios passed");
        assertThat(output.indexOf("== chained")).isLessThan(output.indexOf("== hello"));
        assertThat(output).doesNotContain("== tasks");
    }

    @Test
    void unknownScenarioIsAUsageErrorThatPointsToTheList() {
        assertThat(run("demo", "no-such-demo")).isEqualTo(2);

        assertThat(err.toString()).contains("no-such-demo").contains("--list");
        assertThat(out.toString()).doesNotContain("==");
    }

    @Test
    void withoutNamesEveryScenarioIsSelected() {
        assertThat(DemoCommand.select(List.of()))
                .map(Example::name)
                .containsExactlyElementsOf(
                        Examples.all().stream().map(Example::name).toList());
    }
}
