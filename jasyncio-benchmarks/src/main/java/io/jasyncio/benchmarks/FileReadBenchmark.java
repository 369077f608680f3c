package io.jasyncio.benchmarks;

import io.jasyncio.EventLoop;
import io.jasyncio.SchedulingMode;
import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Throughput of {@link AsyncFile#lines()} and {@link AsyncFile#chunks(int)} over a large file against the blocking
 * JDK loops they replace: {@code BufferedReader.readLine} and {@code FileChannel.read} into a 64 KiB buffer. Each
 * round runs every variant once over the whole file (in the page cache after the first pass) and prints MB/s;
 * the summary gives the median of the rounds and the ratio to the blocking loop (targets: lines at least 70%,
 * chunks at least 85%), and the median process CPU time per GB read (every thread: the loop's, the file
 * threads', the collector's), which other processes on the machine disturb far less than the throughput.
 *
 * <p>A plain program rather than a JMH benchmark: one operation reads a gigabyte, so JMH's iterations and forks
 * would add nothing but time, and the file must be made once, outside the measurement.
 *
 * {@snippet lang = "sh" :
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp jasyncio-benchmarks/target/benchmarks.jar \
 *     io.jasyncio.benchmarks.FileReadBenchmark /tmp/jasyncio-lines.txt 1024 5 FAST COMPAT
 * }
 *
 * <h2>Thread safety</h2>
 * A command-line program; each measurement runs on its own loop on the main thread.
 */
public final class FileReadBenchmark {
    private static final int CHUNK = 64 * 1024;
    /** The process's CPU time. */
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** Where the measured loops leave a value that depends on every line or chunk, so none is optimised away. */
    @SuppressWarnings("unused")
    private static volatile long sink;
    /** The process's CPU time per GB of the last {@link #measure}, in ms. */
    private static double lastCpuPerGb;

    private FileReadBenchmark() {}

    /**
     * Makes the file if it is missing (or has another size), then measures.
     *
     * @param args {@code [file] [MiB] [rounds] [FAST|COMPAT ...]}: the file (default
     *     {@code /tmp/jasyncio-lines.txt}), its size in MiB (default 1024), the rounds (default 5) and the modes
     *     (default both)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "/tmp/jasyncio-lines.txt");
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 1024) * 1024 * 1024;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        List<SchedulingMode> modes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            modes.add(SchedulingMode.valueOf(args[i].toUpperCase(Locale.ROOT)));
        }
        if (modes.isEmpty()) {
            modes = List.of(SchedulingMode.FAST, SchedulingMode.COMPAT);
        }
        if (!Files.exists(file) || Files.size(file) != size) {
            System.out.printf(Locale.ROOT, "writing %s (%d MiB)...%n", file, size >> 20);
            writeLines(file, size);
        }
        System.out.printf(
                Locale.ROOT,
                "%s %s, %s: %d MiB, %d rounds%n",
                System.getProperty("java.vm.name"),
                Runtime.version(),
                file,
                Files.size(file) >> 20,
                rounds);
        List<String> names = new ArrayList<>(List.of(
                "blocking BufferedReader.readLine",
                "blocking FileChannel.read",
                "blocking FileChannel.read, new array"));
        for (SchedulingMode m : modes) {
            names.add("AsyncFile.lines() " + m);
            names.add("AsyncFile.chunks(64 KiB) " + m);
            names.add("AsyncFile.chunkBuffers(64 KiB) " + m);
        }
        List<List<Double>> results = new ArrayList<>();
        List<List<Double>> cpu = new ArrayList<>();
        names.forEach(n -> {
            results.add(new ArrayList<>());
            cpu.add(new ArrayList<>());
        });
        long expectedLines = blockingLines(file); // warms the page cache and gives the answer
        for (int round = 1; round <= rounds; round++) {
            List<Double> row = new ArrayList<>();
            List<Double> cpuRow = new ArrayList<>();
            row.add(measure(size, () -> check(blockingLines(file), expectedLines)));
            cpuRow.add(lastCpuPerGb);
            row.add(measure(size, () -> check(blockingChunks(file), size)));
            cpuRow.add(lastCpuPerGb);
            row.add(measure(size, () -> check(blockingChunkArrays(file), size)));
            cpuRow.add(lastCpuPerGb);
            for (SchedulingMode m : modes) {
                row.add(measure(size, () -> check(onLoop(m, () -> asyncLines(file)), expectedLines)));
                cpuRow.add(lastCpuPerGb);
                row.add(measure(size, () -> check(onLoop(m, () -> asyncChunks(file)), size)));
                cpuRow.add(lastCpuPerGb);
                row.add(measure(size, () -> check(onLoop(m, () -> asyncChunkBuffers(file)), size)));
                cpuRow.add(lastCpuPerGb);
            }
            StringBuilder sb = new StringBuilder("round " + round + ":");
            for (int i = 0; i < row.size(); i++) {
                results.get(i).add(row.get(i));
                cpu.get(i).add(cpuRow.get(i));
                sb.append(String.format(Locale.ROOT, " %.0f", row.get(i)));
            }
            System.out.println(sb.append(" MB/s"));
        }
        double linesBase = median(results.get(0));
        double chunksBase = median(results.get(1));
        double arraysBase = median(results.get(2));
        for (int i = 0; i < names.size(); i++) {
            double m = median(results.get(i));
            double base = names.get(i).contains("lines") || names.get(i).contains("readLine") ? linesBase : chunksBase;
            String vsArrays = names.get(i).contains("chunks(")
                    ? String.format(Locale.ROOT, ", %5.1f%% of blocking with new arrays", 100 * m / arraysBase)
                    : "";
            List<Double> r = results.get(i);
            System.out.printf(
                    Locale.ROOT,
                    "%-40s median %6.0f MB/s [%.0f-%.0f]  %5.1f%% of blocking%s, CPU %4.0f ms/GB%n",
                    names.get(i),
                    m,
                    r.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    r.stream().mapToDouble(Double::doubleValue).max().orElse(0),
                    100 * m / base,
                    vsArrays,
                    median(cpu.get(i)));
        }
    }

    /** A measured body: reads the file once and returns a count. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /** A body that returns a count. */
    @FunctionalInterface
    interface Counting {
        long count() throws Exception;
    }

    private static double measure(long bytes, Body body) throws Exception {
        long cpuStart = OS.getProcessCpuTime();
        long start = System.nanoTime();
        body.run();
        long elapsed = System.nanoTime() - start;
        lastCpuPerGb = (OS.getProcessCpuTime() - cpuStart) / 1e6 / (bytes / 1e9);
        return bytes / 1e6 / (elapsed / 1e9);
    }

    private static void check(long got, long expected) {
        if (got != expected) {
            throw new IllegalStateException("read " + got + ", expected " + expected);
        }
    }

    private static long onLoop(SchedulingMode mode, Counting body) {
        try (EventLoop loop = LoopBenchmark.openLoop(mode)) {
            return loop.runUntilComplete(loop.createTask(body::count));
        }
    }

    /** Lines counted, with their lengths folded in so that nothing is optimised away. */
    private static long blockingLines(Path file) throws IOException {
        long n = 0;
        long chars = 0;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                n++;
                chars += line.length();
            }
        }
        sink = chars;
        return n;
    }

    private static long asyncLines(Path file) throws IOException {
        long n = 0;
        long chars = 0;
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (String line : f.lines()) {
                n++;
                chars += line.length();
            }
        }
        sink = chars;
        return n;
    }

    /** Bytes read, touching one byte per chunk. */
    private static long blockingChunks(Path file) throws IOException {
        long total = 0;
        int sum = 0;
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        try (FileChannel ch = FileChannel.open(file)) {
            int n;
            while ((n = ch.read(buf.clear())) >= 0) {
                total += n;
                sum += buf.get(0);
            }
        }
        sink = sum;
        return total;
    }

    /** Bytes read, each chunk into a new array (what {@link AsyncFile#chunks} hands out). */
    private static long blockingChunkArrays(Path file) throws IOException {
        long total = 0;
        int sum = 0;
        try (FileChannel ch = FileChannel.open(file)) {
            while (true) {
                byte[] chunk = new byte[CHUNK];
                int n = ch.read(ByteBuffer.wrap(chunk));
                if (n < 0) {
                    break;
                }
                total += n;
                sum += chunk[0];
            }
        }
        sink = sum;
        return total;
    }

    private static long asyncChunks(Path file) throws IOException {
        long total = 0;
        int sum = 0;
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (byte[] chunk : f.chunks(CHUNK)) {
                total += chunk.length;
                sum += chunk[0];
            }
        }
        sink = sum;
        return total;
    }

    private static long asyncChunkBuffers(Path file) throws IOException {
        long total = 0;
        int sum = 0;
        try (AsyncFile f = AsyncFiles.open(file)) {
            for (ByteBuffer chunk : f.chunkBuffers(CHUNK)) {
                total += chunk.remaining();
                sum += chunk.get(0);
            }
        }
        sink = sum;
        return total;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    /** Lines of 0 to 120 characters, mostly ASCII with a few accented letters, until the file has {@code size} bytes. */
    private static void writeLines(Path file, long size) throws IOException {
        Random r = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            long written = 0;
            while (written < size) {
                int n = 0;
                int limit = (int) Math.min(block.length, size - written);
                while (n < limit) {
                    int len = r.nextInt(121);
                    for (int i = 0; i < len && n < limit - 2; i++) {
                        if (r.nextInt(40) == 0) {
                            block[n++] = (byte) 0xC3; // é
                            block[n++] = (byte) 0xA9;
                        } else {
                            block[n++] = (byte) ('a' + r.nextInt(26));
                        }
                    }
                    if (n < limit) {
                        block[n++] = '\n';
                    }
                }
                // the block ends inside a character only if its last line was cut: pad to a whole character
                if (n >= 1 && (block[n - 1] & 0xFF) == 0xC3) {
                    block[n - 1] = '\n';
                }
                out.write(block, 0, n);
                written += n;
            }
        }
    }
}
