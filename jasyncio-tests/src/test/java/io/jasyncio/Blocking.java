package io.jasyncio;

import java.util.concurrent.TimeUnit;

/**
 * Foreign blocking calls that tests run INSIDE tasks as the behaviour under test (a task blocked in the JDK
 * must park only itself). Test code never sleeps to wait for something.
 */
final class Blocking {
    private Blocking() {}

    /** Blocks the calling thread in the JDK's sleep (a foreign blocking call) for {@code millis}. */
    static void sleepMillis(long millis) throws InterruptedException {
        TimeUnit.MILLISECONDS.sleep(millis);
    }

    /** Busy-spins on {@link System#nanoTime()} for {@code millis} (never yields the thread). */
    static void spinMillis(long millis) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
