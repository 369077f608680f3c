package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Reading a whole file without blocking the loop (the seeds' {@code async with aiofiles.open('filename',
 * mode='r') as f: contents = await f.read()}).
 *
 * <p>{@code aiofiles.open} is {@link AsyncFiles#open} in try-with-resources, {@code await f.read()} is
 * {@link AsyncFile#readString()}: the read runs on the loop's file threads while the task waits, so the loop goes
 * on serving its other tasks. For a whole file at once, {@link AsyncFiles#readString(Path)} is one call. The file
 * lives in a temporary directory that {@link TempPath#close()} deletes.
 */
public final class ReadAWholeFile implements Example {

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
        return "file-read";
    }

    @Override
    public String summary() {
        return "read a whole file with aiofiles-style AsyncFiles.open(...).readString()";
    }

    @Override
    public void run(PrintStream out) throws IOException {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: writes a small file, then reads it back twice. */
    static void mainTask(PrintStream out) throws IOException {
        try (TempPath dir = AsyncFiles.tempDirectory("jasyncio-example")) {
            Path filename = dir.path().resolve("sensors.txt");
            AsyncFiles.writeString(filename, "kitchen 21.5\nshed 14.0\nattic 27.25\n");

            try (AsyncFile f = AsyncFiles.open(filename)) { // async with aiofiles.open(...) as f:
                String contents = f.readString(); //           contents = await f.read()
                out.print(contents.indent(3)); //              print(contents)
                out.println("   read " + f.position() + " bytes through AsyncFile.readString()");
            }

            String again = AsyncFiles.readString(filename); // the whole file in one call
            out.println("   AsyncFiles.readString: " + again.lines().count() + " lines, the same text: "
                    + again.startsWith("kitchen 21.5"));
        }
    }
}
