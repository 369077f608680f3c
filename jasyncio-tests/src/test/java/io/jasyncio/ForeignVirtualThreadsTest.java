package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/**
 * Virtual threads that a task starts itself are not the loop's: they run on the JDK's default scheduler, beside
 * the loop, never on the loop's thread (fast mode used to make them inherit the loop as their scheduler).
 */
@NullUnmarked
class ForeignVirtualThreadsTest {

    /** Spins the loop's thread until {@code flag} is set or five seconds pass; returns whether it was set. */
    private static boolean spinUntil(AtomicBoolean flag) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!flag.get() && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        return flag.get();
    }

    @Test
    void aVirtualThreadStartedInATaskRunsWhileTheLoopIsBusy() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        boolean ranWhileBusy = Loops.runReal(() -> {
            Thread t = Thread.ofVirtual().name("offloaded").start(() -> ran.set(true));
            boolean result = spinUntil(ran); // the task holds the loop: a thread scheduled by it cannot run
            t.join();
            return result;
        });
        assertThat(ranWhileBusy).isTrue();
    }

    @Test
    void aVirtualThreadPerTaskExecutorCreatedInATaskDoesNotRunOnTheLoop() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        CountDownLatch slept = new CountDownLatch(1);
        boolean ranWhileBusy = Loops.runReal(() -> {
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                var done = ex.submit(() -> {
                    try {
                        Thread.sleep(1); // parks and resumes through its scheduler
                        ran.set(true);
                    } finally {
                        slept.countDown();
                    }
                    return null;
                });
                boolean result = spinUntil(ran);
                done.get();
                return result;
            }
        });
        assertThat(slept.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ranWhileBusy).isTrue();
    }

    @Test
    void offloadedWorkDoesNotDelayTheLoopsTimers() throws Exception {
        long lateMillis = Loops.runReal(() -> {
            long start = System.nanoTime();
            Future<Long> fired = Asyncio.loop().createFuture();
            Asyncio.loop().callLater(Duration.ofMillis(20), () -> fired.setResult(System.nanoTime()));
            // CPU-bound work offloaded to a virtual thread must not run on the loop's thread
            Thread worker = Thread.ofVirtual().start(() -> {
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
            });
            long at = fired.await();
            worker.join();
            return TimeUnit.NANOSECONDS.toMillis(at - start) - 20;
        });
        assertThat(lateMillis).isLessThan(200);
    }

    @Test
    void aVirtualThreadStartedInsideAnOffloadedThreadIsNotTheLoopsEither() throws Exception {
        AtomicBoolean ran = new AtomicBoolean();
        boolean ranWhileBusy = Loops.runReal(() -> {
            Thread outer = Thread.ofVirtual().start(() -> {
                Thread inner = Thread.ofVirtual().start(() -> ran.set(true));
                try {
                    inner.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            boolean result = spinUntil(ran);
            outer.join();
            return result;
        });
        assertThat(ranWhileBusy).isTrue();
    }
}
