package io.jasyncio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio test}: the launcher runs the full Maven {@code verify} itself; this subcommand
 * exists so that {@code help} lists it and explains where it runs.
 */
@Command(name = "test", description = "Run the full test suite (./mvnw verify) with a JDK 25.")
public final class TestCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine()
                .getOut()
                .println("Run ./jasyncio test from the repository root: the launcher runs the full Maven verify"
                        + " (all tests in both scheduling modes, format and architecture checks).");
        return 0;
    }
}
