package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Waits, in a task, for a state the loop reaches by itself but announces to nobody (bytes buffered by a reader, a
 * task suspended in a connect): yields to the loop until the condition holds, so the test waits exactly as long
 * as the event takes, never a guessed time (a sleep would be too short under load and too long otherwise).
 */
final class Polling {
    /** A generous real-time bound: only a broken test or a stuck loop waits this long. */
    private static final long LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private Polling() {}

    /** Yields to the loop until {@code condition} holds; fails after 30 s with {@code what} in the message. */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Asyncio.sleep(Duration.ZERO);
        }
    }

    /**
     * Waits until the loop has run every callback scheduled with {@code callSoon} before this call (it runs them in
     * order): for a check that something scheduled by then did not happen.
     */
    static void callbacksScheduledSoFar() {
        EventLoop loop = Asyncio.loop();
        Future<@Nullable Void> marker = loop.createFuture();
        loop.callSoon(() -> marker.setResult(null));
        marker.await();
    }
}
