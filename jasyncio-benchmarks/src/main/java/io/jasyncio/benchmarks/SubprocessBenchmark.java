package io.jasyncio.benchmarks;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.SchedulingMode;
import io.jasyncio.Task;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.process.Redirect;
import io.jasyncio.process.Subprocess;
import io.jasyncio.process.SubprocessOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The subprocess budgets against the blocking JDK code they replace, measured in the same run:
 *
 * <ul>
 *   <li><b>cat</b>: bytes through {@code cat} with the streams API ({@code stdin().write} + {@code drain} in one
 *       task, {@code stdout().read(ByteBuffer)} in another) against a plain {@code Process} copy loop (a writer
 *       thread, the reader on the main thread, 64 KiB arrays). Budget: at most 1.5 times the blocking time.
 *   <li><b>spawn</b>: start {@code true} and wait for it ({@code Subprocess.exec(..).awaitExit()}) against
 *       {@code ProcessBuilder.start().waitFor()}, with the same redirects on both sides: inherited streams (asyncio's
 *       and {@code Subprocess}'s default), and three pipes (the JDK's default). Budget: at most 1.2 times.
 * </ul>
 * Rounds alternate the variants, so a change in the machine's load hits both; the summary gives medians and ratios.
 *
 * {@snippet lang = "sh" :
 * java --add-opens=java.base/java.lang=ALL-UNNAMED -cp jasyncio-benchmarks/target/benchmarks.jar \
 *     io.jasyncio.benchmarks.SubprocessBenchmark 1024 5 300 FAST COMPAT
 * }
 *
 * <h2>Thread safety</h2>
 * A command-line program; each measurement runs on its own loop on the main thread.
 */
public final class SubprocessBenchmark {
    private static final int CHUNK = 64 * 1024;

    private SubprocessBenchmark() {}

    /**
     * Measures.
     *
     * @param args {@code [MiB] [rounds] [spawns] [FAST|COMPAT ...]}: the bytes through {@code cat} (default 1024),
     *     the rounds (default 5), the spawns per round and variant (default 300), the modes (default both)
     * @throws Exception if a measurement fails
     */
    public static void main(String[] args) throws Exception {
        long bytes = (args.length > 0 ? Long.parseLong(args[0]) : 1024) << 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int spawns = args.length > 2 ? Integer.parseInt(args[2]) : 300;
        List<SchedulingMode> modes = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            modes.add(SchedulingMode.valueOf(args[i].toUpperCase(Locale.ROOT)));
        }
        if (modes.isEmpty()) {
            modes = List.of(SchedulingMode.FAST, SchedulingMode.COMPAT);
        }
        System.out.printf(
                Locale.ROOT,
                "%s %s: %d MiB through cat, %d spawns, %d rounds%n",
                System.getProperty("java.vm.name"),
                Runtime.version(),
                bytes >> 20,
                spawns,
                rounds);

        List<String> names = new ArrayList<>(List.of(
                "cat: blocking Process copy loop",
                "read only (head -c): blocking",
                "write only (cat > /dev/null): blocking",
                "spawn+wait true, inherit: ProcessBuilder",
                "spawn+wait true, pipes: ProcessBuilder"));
        for (SchedulingMode m : modes) {
            names.add("cat: Subprocess streams " + m);
            names.add("read only (head -c): Subprocess " + m);
            names.add("write only (cat > /dev/null): Subprocess " + m);
            names.add("spawn+wait true, inherit: Subprocess " + m);
            names.add("spawn+wait true, pipes: Subprocess " + m);
        }
        List<List<Double>> results = new ArrayList<>();
        names.forEach(n -> results.add(new ArrayList<>()));
        for (int round = 0; round <= rounds; round++) { // round 0 warms up and is not counted
            List<Double> row = new ArrayList<>();
            row.add(time(() -> blockingCat(bytes)));
            row.add(time(() -> blockingRead(bytes)));
            row.add(time(() -> blockingWrite(bytes)));
            row.add(time(() -> blockingSpawns(spawns, false)) / spawns);
            row.add(time(() -> blockingSpawns(spawns, true)) / spawns);
            for (SchedulingMode m : modes) {
                row.add(time(() -> onLoop(m, () -> streamsCat(bytes))));
                row.add(time(() -> onLoop(m, () -> streamsRead(bytes))));
                row.add(time(() -> onLoop(m, () -> streamsWrite(bytes))));
                row.add(time(() -> onLoop(m, () -> subprocessSpawns(spawns, false))) / spawns);
                row.add(time(() -> onLoop(m, () -> subprocessSpawns(spawns, true))) / spawns);
            }
            if (round == 0) {
                continue;
            }
            StringBuilder sb = new StringBuilder("round " + round + ":");
            for (int i = 0; i < row.size(); i++) {
                results.get(i).add(row.get(i));
                sb.append(String.format(Locale.ROOT, " %.3f", row.get(i) * 1000));
            }
            System.out.println(sb.append(" ms"));
        }
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            int base = n.startsWith("cat")
                    ? 0
                    : n.startsWith("read") ? 1 : n.startsWith("write") ? 2 : n.contains("inherit") ? 3 : 4;
            double m = median(results.get(i));
            String rate = !n.startsWith("spawn") ? String.format(Locale.ROOT, " (%.0f MB/s)", bytes / m / 1e6) : "";
            System.out.printf(
                    Locale.ROOT,
                    "%-46s median %9.3f ms%s  %.2fx the blocking time%n",
                    n,
                    m * 1000,
                    rate,
                    m / median(results.get(base)));
        }
    }

    /** A measured body. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static double time(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void onLoop(SchedulingMode mode, Body body) {
        try (EventLoop loop = LoopBenchmark.openLoop(mode)) {
            loop.runUntilComplete(loop.createTask(() -> {
                body.run();
                return null;
            }));
        }
    }

    private static void blockingCat(long bytes) throws Exception {
        Process cat = new ProcessBuilder("cat")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        Thread writer = Thread.ofPlatform().start(() -> {
            byte[] chunk = new byte[CHUNK];
            try (OutputStream out = cat.getOutputStream()) {
                for (long sent = 0; sent < bytes; sent += CHUNK) {
                    out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        byte[] buf = new byte[CHUNK];
        long got = 0;
        try (InputStream in = cat.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
        }
        writer.join();
        check(cat.waitFor() == 0 && got == bytes, "blocking cat moved " + got + " bytes");
    }

    private static void streamsCat(long bytes) throws Exception {
        Subprocess cat =
                Subprocess.exec(List.of("cat"), SubprocessOptions.pipes().withStderr(Redirect.INHERIT));
        StreamWriter w = cat.stdin();
        Task<?> writer = Asyncio.createTask(() -> {
            byte[] chunk = new byte[CHUNK];
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                w.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(CHUNK, bytes - sent)));
                w.drain();
            }
            w.close();
        });
        StreamReader r = cat.stdout();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long got = 0;
        for (int n; (n = r.read(buf.clear())) >= 0; ) {
            got += n;
        }
        writer.await();
        check(cat.awaitExit() == 0 && got == bytes, "Subprocess cat moved " + got + " bytes");
    }

    private static List<String> zeros(long bytes) {
        return List.of("head", "-c", Long.toString(bytes), "/dev/zero");
    }

    private static void blockingRead(long bytes) throws Exception {
        Process head = new ProcessBuilder(zeros(bytes))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        head.getOutputStream().close();
        byte[] buf = new byte[CHUNK];
        long got = 0;
        try (InputStream in = head.getInputStream()) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got += n;
            }
        }
        check(head.waitFor() == 0 && got == bytes, "blocking head moved " + got + " bytes");
    }

    private static void streamsRead(long bytes) throws Exception {
        Subprocess head =
                Subprocess.exec(zeros(bytes), SubprocessOptions.defaults().withStdout(Redirect.PIPE));
        StreamReader r = head.stdout();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK);
        long got = 0;
        for (int n; (n = r.read(buf.clear())) >= 0; ) {
            got += n;
        }
        check(head.awaitExit() == 0 && got == bytes, "Subprocess head moved " + got + " bytes");
    }

    private static final List<String> TO_NULL = List.of("sh", "-c", "exec cat > /dev/null");

    private static void blockingWrite(long bytes) throws Exception {
        Process cat = new ProcessBuilder(TO_NULL)
                .inheritIO()
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .start();
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = cat.getOutputStream()) {
            for (long sent = 0; sent < bytes; sent += CHUNK) {
                out.write(chunk, 0, (int) Math.min(CHUNK, bytes - sent));
            }
        }
        check(cat.waitFor() == 0, "blocking cat > /dev/null failed");
    }

    private static void streamsWrite(long bytes) throws Exception {
        Subprocess cat = Subprocess.exec(TO_NULL, SubprocessOptions.defaults().withStdin(Redirect.PIPE));
        StreamWriter w = cat.stdin();
        byte[] chunk = new byte[CHUNK];
        for (long sent = 0; sent < bytes; sent += CHUNK) {
            w.write(ByteBuffer.wrap(chunk, 0, (int) Math.min(CHUNK, bytes - sent)));
            w.drain();
        }
        w.close();
        check(cat.awaitExit() == 0, "Subprocess cat > /dev/null failed");
    }

    private static void blockingSpawns(int n, boolean pipes) throws Exception {
        for (int i = 0; i < n; i++) {
            ProcessBuilder pb = new ProcessBuilder("true");
            if (!pipes) {
                pb.inheritIO();
            }
            Process p = pb.start();
            check(p.waitFor() == 0, "true failed");
            if (pipes) {
                p.getOutputStream().close(); // as the Subprocess side, which closes the pipes it made
                p.getInputStream().close();
                p.getErrorStream().close();
            }
        }
    }

    private static void subprocessSpawns(int n, boolean pipes) throws Exception {
        SubprocessOptions o = pipes ? SubprocessOptions.pipes() : SubprocessOptions.defaults();
        for (int i = 0; i < n; i++) {
            try (Subprocess p = Subprocess.exec(List.of("true"), o)) {
                check(p.awaitExit() == 0, "true failed");
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException(what);
        }
    }

    private static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
