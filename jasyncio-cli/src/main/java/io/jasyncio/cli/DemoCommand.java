package io.jasyncio.cli;

import io.jasyncio.EventLoop;
import io.jasyncio.SchedulingMode;
import io.jasyncio.examples.Example;
import io.jasyncio.examples.Examples;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jasyncio demo [--list] [NAME...]}: runs the seed scenarios end to end, one after another, and reports
 * each; {@code --list} shows them, and names pick some.
 *
 * <p>The scenarios are the programs of the examples module ({@link Examples#all()}); the demo fails (exit code
 * 1) if any of them throws, and an unknown name is a usage error (exit code 2).
 */
@Command(name = "demo", description = "Run the seed scenarios end to end and show what they do.")
public final class DemoCommand implements Callable<Integer> {

    @Spec
    @SuppressWarnings("NullAway.Init") // injected by picocli before call()
    private CommandSpec spec;

    @Option(
            names = {"-l", "--list"},
            description = "List the scenarios (name and summary) without running them.")
    private boolean list;

    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Scenarios to run, in this order (default: all).")
    private List<String> names = new ArrayList<>();

    /**
     * Returns the scenarios to run: the named ones in the order given, or all of them in the examples' order.
     *
     * @param names scenario names, or none for all
     * @return the scenarios
     * @throws IllegalArgumentException for an unknown name
     */
    static List<Example> select(List<String> names) {
        List<Example> all = Examples.all();
        if (names.isEmpty()) {
            return all;
        }
        Map<String, Example> byName = all.stream().collect(Collectors.toMap(Example::name, Function.identity()));
        List<Example> selected = new ArrayList<>();
        for (String name : names) {
            Example example = byName.get(name);
            if (example == null) {
                throw new IllegalArgumentException(
                        "no scenario named '" + name + "' (./jasyncio demo --list shows them)");
            }
            selected.add(example);
        }
        return selected;
    }

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        List<Example> scenarios;
        try {
            scenarios = select(names);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        if (list) {
            scenarios.forEach(s -> out.printf("  %-18s %s%n", s.name(), s.summary()));
            out.flush();
            return 0;
        }
        out.println("jasyncio demo");
        out.println("  runtime:    Java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs");
        out.println("  scheduling: " + describe(schedulingMode()));
        out.println();

        int failed = 0;
        try (PrintStream stream = new PrintStream(new WriterStream(out), true, StandardCharsets.UTF_8)) {
            for (var scenario : scenarios) {
                out.println("== " + scenario.name() + " (" + scenario.getClass().getSimpleName() + "): "
                        + scenario.summary());
                long start = System.nanoTime();
                try {
                    scenario.run(stream);
                    stream.flush();
                    out.printf("   ok (%d ms)%n%n", (System.nanoTime() - start) / 1_000_000);
                } catch (Exception e) {
                    stream.flush();
                    failed++;
                    out.println("   FAILED: " + e);
                    e.printStackTrace(spec.commandLine().getErr());
                    out.println();
                }
            }
        }
        out.printf("%d of %d scenarios passed%n", scenarios.size() - failed, scenarios.size());
        out.flush();
        return failed == 0 ? 0 : 1;
    }

    /** Asks a loop opened with the default options (as the scenarios' loops are) how it runs tasks. */
    private static SchedulingMode schedulingMode() {
        try (EventLoop loop = EventLoop.open()) {
            return loop.schedulingMode();
        }
    }

    private static String describe(SchedulingMode mode) {
        return switch (mode) {
            case FAST -> "fast (the loop is its tasks' scheduler)";
            case COMPAT ->
                "compat (tasks on the JDK's default virtual-thread scheduler, slower switches;"
                        + " fast mode needs --add-opens java.base/java.lang=ALL-UNNAMED)";
        };
    }

    /**
     * Passes what the examples print (a UTF-8 byte stream) on to picocli's writer as it comes, decoding across
     * writes: a character whose bytes arrive in two writes is passed on whole once its last byte is here.
     */
    static final class WriterStream extends OutputStream {
        private final PrintWriter out;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        /** Bytes of a character whose end has not arrived yet (at most 3). */
        private ByteBuffer pending = ByteBuffer.allocate(0);

        WriterStream(PrintWriter out) {
            this.out = out;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            ByteBuffer in = ByteBuffer.allocate(pending.remaining() + len);
            in.put(pending).put(b, off, len).flip();
            decode(in, false);
            pending = in; // what the decoder left: the start of an incomplete character
        }

        @Override
        public void close() {
            decode(pending, true);
            decoder.flush(CharBuffer.allocate(0));
            pending = ByteBuffer.allocate(0);
        }

        private void decode(ByteBuffer in, boolean endOfInput) {
            CharBuffer chars = CharBuffer.allocate(in.remaining() + 1);
            decoder.decode(in, chars, endOfInput);
            out.write(chars.flip().toString());
            out.flush();
        }
    }
}
