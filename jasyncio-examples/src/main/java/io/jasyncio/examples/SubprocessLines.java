package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.process.Redirect;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reading a child's output line by line as it prints it (the seeds' {@code while line := await
 * process.stdout.readline(): print(f'OUTPUT: {line}')} over a Python script that prints and sleeps, and the Zen of
 * Python read the same way).
 *
 * <p>{@code Subprocess.stdout()} is a {@link io.jasyncio.net.StreamReader}: {@code readLine()} (or
 * {@code lines()}, an {@code async for}) waits for the next line without blocking the loop, so a ticker task keeps
 * ticking while the child sleeps between lines. Each line is printed with the time it arrived, which shows it came
 * while the child still ran, not all at the end.
 */
public final class SubprocessLines implements Example {
    private static final String COUNTER =
            "import time\nfor i in range(5):\n    print(i, flush=True)\n    time.sleep(0.05)\n";

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if the child cannot be started
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "subprocess-lines";
    }

    @Override
    public String summary() {
        return "read a child's lines as it prints them, while another task keeps running";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: streams the counter's lines with a ticker beside it, then the Zen of Python. */
    static void mainTask(PrintStream out) throws IOException {
        SubprocessOptions stdout = SubprocessOptions.defaults().withStdout(Redirect.PIPE);
        AtomicInteger ticks = new AtomicInteger();
        Task<?> ticker = Asyncio.createTask(() -> {
            while (true) {
                Asyncio.sleep(Duration.ofMillis(10));
                ticks.incrementAndGet();
            }
        });

        long start = System.nanoTime();
        Subprocess counter = Subprocess.exec(List.of("python3", "-c", COUNTER), stdout);
        byte[] line = counter.stdout().readLine(); // line = await process.stdout.readline()
        while (line.length > 0) { //                   an empty array: end of file
            long ms = (System.nanoTime() - start) / 1_000_000;
            out.printf("   OUTPUT: %s (after %d ms)%n", new String(line, StandardCharsets.UTF_8).strip(), ms);
            line = counter.stdout().readLine();
        }
        out.println("   exit status " + counter.awaitExit() + "; the ticker ticked on meanwhile: " + (ticks.get() > 5));
        ticker.cancel();

        Subprocess zen = Subprocess.exec(List.of("python3", "-c", "import this"), stdout);
        int n = 0;
        for (byte[] l : zen.stdout().lines()) { // async for line in proc.stdout
            if (n++ < 3) {
                out.println("   " + new String(l, StandardCharsets.US_ASCII).stripTrailing());
            }
        }
        out.println("   ... " + n + " lines of the Zen of Python, exit status " + zen.awaitExit());
    }
}
