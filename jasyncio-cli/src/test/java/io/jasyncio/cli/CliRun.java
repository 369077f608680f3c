package io.jasyncio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the {@code jasyncio} command line in-process and keeps what it printed on stdout and stderr; or gives the
 * command that runs it in a JVM of its own ({@link #inOwnJvm}), for tests that signal it.
 */
final class CliRun {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** Runs a command line and returns its exit status. */
    int run(String... args) {
        var commandLine = Main.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    /** Returns the command that runs {@code jasyncio args...} in a new JVM on this test's class path. */
    static List<String> inOwnJvm(String... args) {
        var command = new ArrayList<String>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    /** What the runs so far printed on stdout. */
    String out() {
        return out.toString();
    }

    /** What the runs so far printed on stderr. */
    String err() {
        return err.toString();
    }
}
