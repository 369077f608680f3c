package io.jasyncio.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.net.StreamReader;
import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The task layer with real children: capture, stream, exit statuses, redirects, directory and environment. */
class SubprocessTest {
    private static final SubprocessOptions OUT = SubprocessOptions.defaults().withStdout(Redirect.PIPE);

    @AsyncioTest(realClock = true)
    void lsOutputIsCaptured() throws Exception {
        Path dir = Files.createTempDirectory("ls");
        try {
            Files.writeString(dir.resolve("hello.txt"), "hi");
            Subprocess ls = Subprocess.exec(List.of("ls", "-l"), OUT.withDirectory(dir));
            Subprocess.Output out = ls.communicate(null);
            assertThat(out.stdoutText()).contains("hello.txt").startsWith("total");
            assertThat(out.stderr()).isEmpty();
            assertThat(ls.returnCode()).hasValue(0);
        } finally {
            Files.deleteIfExists(dir.resolve("hello.txt"));
            Files.delete(dir);
        }
    }

    @AsyncioTest(realClock = true)
    void linesArriveAsTheChildPrintsThem() throws Exception {
        Subprocess p = Subprocess.exec(
                List.of(
                        "python3",
                        "-u",
                        "-c",
                        "import time\nfor i in range(3):\n  print('line', i)\n  time.sleep(0.05)"),
                OUT);
        List<String> lines = new ArrayList<>();
        List<Long> at = new ArrayList<>();
        for (byte[] line : p.stdout().lines()) {
            lines.add(new String(line, UTF_8));
            at.add(System.nanoTime());
        }
        assertThat(p.awaitExit()).isZero();
        assertThat(lines).containsExactly("line 0\n", "line 1\n", "line 2\n");
        // the first line was read while the child still slept before the last: streamed, not collected at the end
        assertThat(at.get(2) - at.get(0)).isGreaterThan(50_000_000L);
    }

    @AsyncioTest(realClock = true)
    void catEchoesStdinAndSeesEndOfFileOnClose() throws Exception {
        Subprocess cat = Subprocess.exec(List.of("cat"), SubprocessOptions.pipes());
        cat.stdin().write("one\ntwo\n");
        cat.stdin().drain();
        assertThat(new String(cat.stdout().readLine(), UTF_8)).isEqualTo("one\n");
        cat.stdin().close();
        assertThat(new String(cat.stdout().read(-1), UTF_8)).isEqualTo("two\n");
        assertThat(cat.awaitExit()).isZero();
    }

    @AsyncioTest(realClock = true)
    void exitStatusIsReported() throws Exception {
        Subprocess running = Subprocess.exec(List.of("sleep", "100"));
        assertThat(running.returnCode()).isEmpty();
        running.kill();
        running.awaitExit();
        Subprocess p = Subprocess.shell("exit 3"); // may have exited already: returnCode() is not checked before
        assertThat(p.awaitExit()).isEqualTo(3);
        assertThat(p.returnCode()).hasValue(3);
        assertThat(p.awaitExit()).isEqualTo(3); // again: at once
    }

    @AsyncioTest(realClock = true)
    void statusOfAChildThatExitsWith137ByItselfStaysPositive() throws Exception {
        Subprocess p = Subprocess.shell("exit 137");
        assertThat(p.awaitExit()).isEqualTo(137); // not read as SIGKILL: nobody sent one
    }

    @AsyncioTest(realClock = true)
    void killedChildReportsMinusTheSignal() throws Exception {
        Subprocess k = Subprocess.exec(List.of("sleep", "100"));
        k.kill();
        assertThat(k.awaitExit()).isEqualTo(-9);

        Subprocess t = Subprocess.exec(List.of("sleep", "100"));
        t.terminate();
        assertThat(t.awaitExit()).isEqualTo(-15);

        Subprocess i = Subprocess.exec(List.of("sleep", "100"));
        i.sendSignal(SubprocessTransport.SIGINT);
        assertThat(i.awaitExit()).isEqualTo(-2);

        i.kill(); // after the exit: nothing happens
        i.sendSignal(SubprocessTransport.SIGTERM);
        assertThat(i.returnCode()).hasValue(-2);
    }

    @AsyncioTest(realClock = true)
    void missingProgramIsAnIOExceptionNamingIt() {
        assertThatThrownBy(() -> Subprocess.exec(List.of("no-such-program-jasyncio")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-program-jasyncio");
        assertThatThrownBy(() -> Subprocess.exec(
                        List.of("no-such-program-jasyncio"),
                        SubprocessOptions.defaults().withNewProcessGroup(true)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no-such-program-jasyncio");
        assertThatThrownBy(() -> Subprocess.exec(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncioTest(realClock = true)
    void stderrCanJoinStdoutOrBeDiscarded() throws Exception {
        Subprocess joined = Subprocess.shell("echo out; echo err >&2", OUT.withStderr(Redirect.STDOUT));
        assertThat(joined.communicate(null).stdoutText()).isEqualTo("out\nerr\n");

        Subprocess quiet = Subprocess.shell("echo out; echo err >&2", OUT.withStderr(Redirect.DEVNULL));
        Subprocess.Output o = quiet.communicate(null);
        assertThat(o.stdoutText()).isEqualTo("out\n");
        assertThat(o.stderr()).isEmpty();
        assertThatThrownBy(quiet::stderr).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(quiet::stdin).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest(realClock = true)
    void streamsCanBeFiles() throws Exception {
        Path in = Files.createTempFile("in", ".txt");
        Path out = Files.createTempFile("out", ".txt");
        try {
            Files.writeString(in, "from a file\n");
            Subprocess cat = Subprocess.exec(
                    List.of("cat"),
                    SubprocessOptions.defaults().withStdin(Redirect.from(in)).withStdout(Redirect.to(out)));
            assertThat(cat.awaitExit()).isZero();
            Subprocess again = Subprocess.exec(
                    List.of("cat"),
                    SubprocessOptions.defaults().withStdin(Redirect.from(in)).withStdout(Redirect.appendTo(out)));
            assertThat(again.awaitExit()).isZero();
            assertThat(Files.readString(out)).isEqualTo("from a file\nfrom a file\n");

            Subprocess empty = Subprocess.exec(List.of("cat"), OUT.withStdin(Redirect.DEVNULL));
            assertThat(empty.communicate(null).stdout()).isEmpty();
        } finally {
            Files.delete(in);
            Files.delete(out);
        }
    }

    @AsyncioTest(realClock = true)
    void environmentIsReplacedOrExtended() throws Exception {
        Subprocess replaced = Subprocess.exec(List.of("/usr/bin/env"), OUT.withEnvironment(Map.of("ONLY", "this")));
        assertThat(replaced.communicate(null).stdoutText()).isEqualTo("ONLY=this\n");

        Subprocess extended = Subprocess.shell(
                "echo \"$JASYNCIO_EXTRA:$PATH\"", OUT.withExtraEnvironment(Map.of("JASYNCIO_EXTRA", "x")));
        assertThat(extended.communicate(null).stdoutText()).startsWith("x:").contains("/");
    }

    @AsyncioTest(realClock = true)
    void quotedUserInputStaysOneLiteralWord() throws Exception {
        Path dir = Files.createTempDirectory("quote");
        try {
            String hostile = "a b'c\"$(touch pwned)`touch pwned2`;touch pwned3 *";
            Subprocess p = Subprocess.shell("printf %s " + Subprocess.quote(hostile), OUT.withDirectory(dir));
            assertThat(p.communicate(null).stdoutText()).isEqualTo(hostile);
            try (var files = Files.list(dir)) {
                assertThat(files).isEmpty(); // nothing ran
            }
            Subprocess q = Subprocess.shell(
                    "printf '%s|' " + Subprocess.join(List.of("", "x y", "plain")), OUT.withDirectory(dir));
            assertThat(q.communicate(null).stdoutText()).isEqualTo("|x y|plain|");
        } finally {
            Files.delete(dir);
        }
        assertThat(Subprocess.quote("safe-word_1.txt")).isEqualTo("safe-word_1.txt");
        assertThat(Subprocess.quote("")).isEqualTo("''");
        assertThat(Subprocess.quote("it's")).isEqualTo("'it'\"'\"'s'");
    }

    @AsyncioTest(realClock = true)
    void everyReadOfTheCoreWorksOnStdout() throws Exception {
        Subprocess p = Subprocess.shell("printf 'abc\\nrest-of-it|tail'", OUT);
        StreamReader r = p.stdout();
        assertThat(r.readExactly(2)).isEqualTo("ab".getBytes(UTF_8));
        assertThat(r.readLine()).isEqualTo("c\n".getBytes(UTF_8));
        assertThat(r.readUntil("|".getBytes(UTF_8))).isEqualTo("rest-of-it|".getBytes(UTF_8));
        assertThat(r.read(-1)).isEqualTo("tail".getBytes(UTF_8));
        assertThat(r.atEof()).isTrue();
        assertThat(p.awaitExit()).isZero();
    }

    @AsyncioTest(realClock = true)
    void closeKillsARunningChild() throws Exception {
        Subprocess p = Subprocess.exec(List.of("sleep", "100"), SubprocessOptions.pipes());
        p.close();
        assertThat(p.awaitExit()).isEqualTo(-9);
        assertThat(p.transport().isClosing()).isTrue();
    }

    @AsyncioTest(realClock = true)
    void optionsRejectImpossibleRedirects() {
        assertThatThrownBy(() -> new SubprocessOptions(
                        Redirect.STDOUT, Redirect.PIPE, Redirect.PIPE, null, null, false, false, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
