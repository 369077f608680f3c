package io.jasyncio.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio demo}: runs the seed scenarios end to end, one after another, and reports each.
 *
 * <p>A scenario is a name, a one-line summary and a body that prints what it does. Add one by
 * appending it to {@link #scenarios()}; the demo fails (exit code 1) if any scenario throws.
 */
@Command(name = "demo", description = "Run the seed scenarios end to end and show what they do.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    /** One demo scenario. */
    record Scenario(String name, String summary, Body body) {}

    /** What a scenario runs; it prints its story to {@code out}. */
    @FunctionalInterface
    interface Body {
        void run(PrintWriter out) throws Exception;
    }

    /** The scenarios, in the order the demo runs them. */
    static List<Scenario> scenarios() {
        return List.of();
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
        if (scenarios.isEmpty()) {
            out.println("No scenarios yet: the event loop is still being written.");
            out.println("docs/asyncio-mapping.md lists every planned asyncio name and its status.");
            return 0;
        }
        int failed = 0;
        for (var scenario : scenarios) {
            out.println("== " + scenario.name() + ": " + scenario.summary());
            long start = System.nanoTime();
            try {
                scenario.body().run(out);
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
}
