package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.io.PrintStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Blocking or CPU-heavy work goes to a thread pool with {@link Asyncio#toThread} while the loop keeps serving
 * other tasks (asyncio's {@code to_thread} and {@code run_in_executor}).
 */
public final class BlockingWorkOffTheLoop implements Example {

    /**
     * Runs the example on its own.
     *
     * @param args ignored
     * @throws Exception if it fails
     */
    public static void main(String[] args) throws Exception {
        new BlockingWorkOffTheLoop().run(System.out);
    }

    @Override
    public String name() {
        return "to-thread";
    }

    @Override
    public String summary() {
        return "CPU-heavy hashing runs on a worker thread while a ticker keeps ticking";
    }

    @Override
    public void run(PrintStream out) throws Exception {
        Asyncio.run(() -> {
            int[] ticks = {0};
            Task<Void> ticker = Asyncio.createTask("ticker", () -> {
                while (true) {
                    Asyncio.sleep(Duration.ofMillis(10));
                    ticks[0]++;
                }
            });
            String digest = Asyncio.toThread(BlockingWorkOffTheLoop::hashALot);
            ticker.cancel();
            out.println("   digest " + digest.substring(0, 16) + "... computed on a worker thread");
            out.println("   meanwhile the loop ran the ticker " + ticks[0] + " times");
            return null;
        });
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
