package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.LongStream;

/**
 * Blocking or CPU-heavy work goes to a thread pool while the loop keeps serving other tasks: with
 * {@link Asyncio#toThread}, and with {@link EventLoop#runInExecutor} on a pool of your own (the seeds'
 * {@code to_thread}, and {@code run_in_executor} inside {@code with ThreadPoolExecutor() as pool}).
 *
 * <p>One Java difference is shown too: a blocking JDK call such as {@code Thread.sleep} <em>inside a task</em>
 * suspends only that task (it runs on a virtual thread), so the loop keeps running the others.
 */
public final class BlockingWorkOffTheLoop implements Example {

    /**
     * Runs the example on its own; Ctrl-C ends it with exit status 130.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        Asyncio.runMain(() -> mainTask(System.out));
    }

    @Override
    public String name() {
        return "to-thread";
    }

    @Override
    public String summary() {
        return "blocking and CPU-heavy work on worker threads while a ticker keeps ticking";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> mainTask(out));
    }

    /** The main task: work on worker threads and a blocking call in the task, while a ticker ticks. */
    static void mainTask(PrintStream out) throws Exception {
        int[] ticks = {0};
        Task<Void> ticker = Asyncio.createTask("ticker", () -> {
            while (true) {
                Asyncio.sleep(Duration.ofMillis(10));
                ticks[0]++;
            }
        });

        String digest = Asyncio.toThread(BlockingWorkOffTheLoop::hashALot);
        out.println("   toThread: digest " + digest.substring(0, 16) + "... computed on a worker thread;"
                + " the ticker ticked " + ticks[0] + " times meanwhile");

        EventLoop loop = Asyncio.loop();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            int before = ticks[0];
            String result = loop.runInExecutor(pool, BlockingWorkOffTheLoop::blockingFunction)
                    .await();
            long sum = loop.runInExecutor(pool, BlockingWorkOffTheLoop::sumOfSquares)
                    .await();
            out.println("   runInExecutor(pool, ...): '" + result + "', then sum of squares " + sum
                    + "; ticks meanwhile: " + (ticks[0] - before));
        }

        int before = ticks[0];
        Thread.sleep(100); // blocks this task's virtual thread only
        out.println("   Thread.sleep(100) inside a task: the ticker still ticked " + (ticks[0] - before) + " times");

        ticker.cancel();
    }

    private static String blockingFunction() throws InterruptedException {
        Thread.sleep(100); // the seed's time.sleep(2), on a pool thread
        return "Blocking function result";
    }

    private static long sumOfSquares() {
        return LongStream.range(0, 1_000_000).map(i -> i * i).sum();
    }

    private static String hashALot() throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] block = new byte[1 << 16];
        for (int i = 0; i < 2_000; i++) {
            sha.update(block);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
