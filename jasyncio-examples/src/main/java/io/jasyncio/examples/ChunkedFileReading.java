package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.files.TempPath;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reading a file linearly in chunks of a fixed size (the seeds' {@code Reader(afp, chunk_size=8)} and
 * {@code async for chunk in reader: print(chunk)}).
 *
 * <p>{@link AsyncFile#chunks(int)} gives each chunk as an array of its own, for a plain {@code for} loop; chunks
 * are cut from blocks read ahead, so small chunks do not cost a thread hop each. For large files,
 * {@link AsyncFile#chunkBuffers(int)} hands out read-only views of the blocks instead (no copy; each valid until
 * the loop moves on), here to checksum a 16 MiB file.
 */
public final class ChunkedFileReading implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws Exception if a file call fails
     */
    public static void main(String[] args) throws Exception {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "file-chunks";
    }

    @Override
    public String summary() {
        return "read a file in chunks of 8 bytes, then checksum a larger one in 64 KiB chunks";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: small chunks printed, then large chunks digested. */
    static void mainTask(PrintStream out) throws IOException, NoSuchAlgorithmException {
        try (TempPath dir = AsyncFiles.tempDirectory("jasyncio-example")) {
            Path filename = AsyncFiles.writeString(dir.path().resolve("greeting.txt"), "Hello from jasyncio files!");
            try (AsyncFile f = AsyncFiles.open(filename)) {
                for (byte[] chunk : f.chunks(8)) { // async for chunk in Reader(afp, chunk_size=8):
                    out.println("   chunk: '" + new String(chunk, StandardCharsets.UTF_8) + "'"); // print(chunk)
                }
            }

            Path big = dir.path().resolve("big.bin");
            byte[] block = new byte[1024 * 1024];
            try (AsyncFile f = AsyncFiles.open(
                    big, java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.CREATE)) {
                for (int i = 0; i < 16; i++) {
                    java.util.Arrays.fill(block, (byte) i);
                    f.write(block);
                }
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            int chunks = 0;
            try (AsyncFile f = AsyncFiles.open(big)) {
                for (ByteBuffer chunk : f.chunkBuffers(64 * 1024)) {
                    sha.update(chunk);
                    chunks++;
                }
            }
            out.println("   " + chunks + " chunks of 64 KiB, SHA-256 "
                    + HexFormat.of().formatHex(sha.digest()).substring(0, 16) + "...");
        }
    }
}
