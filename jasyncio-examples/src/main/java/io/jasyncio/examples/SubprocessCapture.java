package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempPath;
import io.jasyncio.process.Redirect;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * Running {@code ls -l} and capturing its output (the seeds' {@code create_subprocess_exec('ls', '-l',
 * stdout=PIPE, stderr=PIPE)} and {@code stdout, stderr = await process.communicate()}).
 *
 * <p>{@link Subprocess#exec} starts the program without a shell; {@link Subprocess#communicate} reads stdout and
 * stderr to their end at once (so a child that fills one pipe while we wait on the other cannot deadlock) and waits
 * for the exit. The task waits; the loop goes on with its other tasks. The listing is of a temporary directory,
 * so that the output is the same on every machine; a second run lists a directory that does not exist, to show
 * stderr and a non-zero exit status.
 */
public final class SubprocessCapture implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if a child cannot be started
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "subprocess-ls";
    }

    @Override
    public String summary() {
        return "run ls -l and capture stdout and stderr with Subprocess.exec(...).communicate()";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: lists a directory with two files, then one that does not exist. */
    static void mainTask(PrintStream out) throws IOException {
        SubprocessOptions pipes = SubprocessOptions.defaults() // stdout=PIPE, stderr=PIPE
                .withStdout(Redirect.PIPE)
                .withStderr(Redirect.PIPE)
                .withExtraEnvironment(Map.of("LC_ALL", "C")); // the same messages on every machine
        try (TempPath dir = AsyncFiles.tempDirectory("jasyncio-ls")) {
            AsyncFiles.writeString(dir.path().resolve("notes.txt"), "hello\n");
            AsyncFiles.writeString(dir.path().resolve("zen.txt"), "Beautiful is better than ugly.\n");

            // ls -l without owner, group and time, which differ from machine to machine
            List<String> argv = List.of("ls", "-l", "-o", "-g", "--time-style=+");
            Subprocess ls = Subprocess.exec(argv, pipes.withDirectory(dir.path()));
            Subprocess.Output result = ls.communicate(null); // stdout, stderr = await process.communicate()
            out.println("   STDOUT: " + result.stdoutText().strip().replace("\n", "\n           "));
            out.println("   STDERR: '" + result.stderrText() + "'");
            out.println("   exit status " + ls.returnCode().orElseThrow());

            Subprocess missing = Subprocess.exec(List.of("ls", "-l", "no-such-dir"), pipes.withDirectory(dir.path()));
            Subprocess.Output failed = missing.communicate(null);
            out.println("   ls -l no-such-dir: STDERR: " + failed.stderrText().strip());
            out.println("   exit status " + missing.awaitExit());
        }
    }
}
