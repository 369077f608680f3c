package io.jasyncio.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the {@code jasyncio} command line in-process and keeps what it printed on stdout and stderr. */
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

    /** What the runs so far printed on stdout. */
    String out() {
        return out.toString();
    }

    /** What the runs so far printed on stderr. */
    String err() {
        return err.toString();
    }
}
