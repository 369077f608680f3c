package io.jasyncio.cli;

import io.jasyncio.examples.Example;
import io.jasyncio.examples.Examples;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio demo}: runs the seed scenarios end to end, one after another, and reports each.
 *
 * <p>The scenarios are the programs of the examples module ({@link Examples#all()}); the demo fails
 * (exit code 1) if any of them throws.
 */
@Command(name = "demo", description = "Run the seed scenarios end to end and show what they do.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** The scenarios, in the order the demo runs them (the examples module's programs). */
    static List<Example> scenarios() {
        return Examples.all();
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        out.println("jasyncio demo");
        out.println("  runtime:    Java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.println("  scheduling: " + schedulingFlag());
        out.println();

        var scenarios = scenarios();
        PrintStream stream = new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8);
        int failed = 0;
        for (var scenario : scenarios) {
            out.println("== " + scenario.name() + ": " + scenario.summary());
            long start = System.nanoTime();
            try {
                scenario.run(stream);
                stream.flush();
                out.printf("   ok (%d ms)%n%n", (System.nanoTime() - start) / 1_000_000);
            } catch (Exception e) {
                failed++;
                out.println("   FAILED: " + e);
                e.printStackTrace(spec.commandLine().getErr());
                out.println();
            }
        }
        out.printf("%d of %d scenarios passed%n", scenarios.size() - failed, scenarios.size());
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Whether this JVM lets jasyncio use its fast scheduling mode (docs/design.md). */
    private static String schedulingFlag() {
        boolean open = Thread.class.getModule().isOpen("java.lang", DemoCommand.class.getModule());
        return open
                ? "java.lang is open to jasyncio (fast mode possible)"
                : "java.lang is closed (compatibility mode; add --add-opens java.base/java.lang=ALL-UNNAMED)";
    }

    /** Passes what the examples print (a byte stream) on to picocli's writer as it comes. */
    private static final class WriterStream extends OutputStream {
        private final PrintWriter out;

        WriterStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            out.write(new String(b, off, len, StandardCharsets.UTF_8));
            out.flush();
        }
    }
}
