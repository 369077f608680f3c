package io.jasyncio.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code jasyncio} command: parses the arguments and runs a subcommand.
 *
 * <p>Exit codes: 0 on success, 1 when a subcommand fails, 2 on a usage error (unknown subcommand,
 * bad option, no subcommand), with the usage on standard error.
 */
@Command(
        name = "jasyncio",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "asyncio for Java 25: an event loop per thread, tasks on virtual threads.",
        subcommands = {
            DemoCommand.class,
            EchoCommand.class,
            FetchCommand.class,
            ServeCommand.class,
            TestCommand.class,
            HelpCommand.class
        })
public final class Main implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** Runs the command line and exits the JVM with its exit code. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the parser for the {@code jasyncio} command, ready to {@code execute}. */
    static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    /** No subcommand given: a usage error. */
    @Override
    public Integer call() {
        var commandLine = spec.commandLine();
        commandLine.getErr().println("jasyncio: missing subcommand");
        commandLine.usage(commandLine.getErr());
        return commandLine.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The version from the jar manifest, and the Java runtime it runs on. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            var version = Main.class.getPackage().getImplementationVersion();
            return new String[] {
                "jasyncio " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "unknown vendor") + ")"
            };
        }
    }
}
