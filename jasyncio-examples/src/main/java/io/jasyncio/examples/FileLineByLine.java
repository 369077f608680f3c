package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

/**
 * Iterating a large file line by line while the loop keeps serving other tasks (the seeds' "if this file
 * contains say millions of lines": {@code async with aiofiles.open('filename') as f: async for line in f:}).
 *
 * <p>{@code async for line in f} is a plain {@code for (String line : f.lines())}: the loop suspends the task
 * whenever the next block of the file is not read yet, never the loop. Blocks of 256 KiB are read ahead on the
 * loop's file threads and split into lines in the task, so a million lines cost a few thousand thread hops, not a
 * million, and the memory used stays a few blocks whatever the file's size. A ticker task runs meanwhile to
 * show the loop stays responsive.
 */
public final class FileLineByLine implements Example {
    private static final int LINES = 1_000_000;

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws IOException if a file call fails
     */
    public static void main(String[] args) throws IOException {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "file-lines";
    }

    @Override
    public String summary() {
        return "iterate a million-line file with for (String line : f.lines()) while a ticker keeps ticking";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: writes a large file, then counts its lines while a ticker ticks. */
    static void mainTask(PrintStream out) throws IOException {
        try (TempPath dir = AsyncFiles.tempDirectory("jasyncio-example")) {
            Path filename = dir.path().resolve("readings.csv");
            try (AsyncFile f = AsyncFiles.open(filename, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                for (int i = 0; i < LINES; i++) {
                    f.writeString("sensor-" + (i % 7) + "," + (i % 400) / 10.0 + "\n"); // buffered: few hops
                }
            }
            out.println("   wrote " + LINES + " lines (" + AsyncFiles.size(filename) / 1024 + " KiB)");

            int[] ticks = {0};
            Task<Void> ticker = Asyncio.createTask(() -> {
                while (true) {
                    Asyncio.sleep(Duration.ofMillis(1));
                    ticks[0]++;
                }
            });

            long lines = 0;
            double max = 0;
            String last = "";
            try (AsyncFile f = AsyncFiles.open(filename)) { // async with aiofiles.open('filename') as f:
                for (String line : f.lines()) { //           async for line in f:
                    lines++;
                    max = Math.max(max, Double.parseDouble(line.substring(line.indexOf(',') + 1)));
                    last = line;
                }
            }
            ticker.cancel();
            try {
                ticker.await();
            } catch (CancelledException expected) {
                // stopped
            }
            out.println("   counted " + lines + " lines, highest reading " + max + ", last line '" + last + "'");
            out.println("   meanwhile the ticker ticked " + (ticks[0] > 0 ? "on" : "never") + ": the loop stayed free");
        }
    }
}
