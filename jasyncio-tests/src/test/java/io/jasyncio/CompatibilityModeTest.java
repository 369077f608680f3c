package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.internal.SelectorEventLoop;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What compatibility mode guarantees about detaching a task or callback blocked in a foreign call: jasyncio's own
 * code never runs without the loop's run permit. These loops are forced into compatibility mode, so the tests run
 * once, in the compat-mode execution.
 */
@NullUnmarked
class CompatibilityModeTest {

    @BeforeEach
    void onlyInTheCompatModeRun() {
        Assumptions.assumeTrue("compat".equals(System.getProperty("jasyncio.expectedMode")));
    }

    private static LoopOptions compat() {
        return LoopOptions.defaults().withMode(SchedulingMode.COMPAT);
    }

    /**
     * A callback that blocks about a millisecond gets its runner detached and replaced; when the call returns, the
     * old runner must wait for the permit before it looks at the ready queue again (it used to poll it beside the
     * loop, which corrupted the queue and threw a NullPointerException out of runForever).
     */
    @Test
    void aDetachedCallbackRunnerNeverTouchesTheReadyQueueWithoutThePermit() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        int batches = 0;
        int perBatch = 8;
        AtomicInteger ran = new AtomicInteger();
        try (EventLoop loop = EventLoop.open(compat())) {
            loop.setExceptionHandler((l, ctx) -> errors.add(ctx.exception()));
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            while (batches < 600 && System.nanoTime() < until && errors.isEmpty()) {
                batches++;
                Future<Void> done = loop.createFuture();
                AtomicInteger left = new AtomicInteger(perBatch);
                for (int i = 0; i < perBatch; i++) {
                    boolean blocks = i % 2 == 0;
                    loop.callSoon(() -> {
                        if (blocks) {
                            sleepAboutAMillisecond();
                        }
                        ran.incrementAndGet();
                        if (left.decrementAndGet() == 0) {
                            done.setResult(null); // re-attaches first: a loop-confined call
                        }
                    });
                }
                loop.runUntilComplete(done);
            }
        }
        assertThat(errors).isEmpty();
        assertThat(ran.get()).isEqualTo(batches * perBatch);
    }

    private static void sleepAboutAMillisecond() {
        try {
            Blocking.sleepMillis(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A task blocked on a JDK lock inside jasyncio's own code (here: logging an error, with the log handler's
     * monitor held by another thread) is in loop code, not in a foreign call: the loop must not detach it, so no
     * other step runs until it gets the lock.
     */
    @Test
    void aTaskBlockedOnAJdkLockInsideJasyncioIsNotDetached() throws Exception {
        Logger logger = Logger.getLogger("io.jasyncio");
        HeldHandler handler = new HeldHandler();
        logger.addHandler(handler);
        AtomicInteger ticks = new AtomicInteger();
        AtomicReference<Thread> logging = new AtomicReference<>();
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        int[] ticksWhileBlocked = {-1};
        Thread holder = Thread.ofPlatform().start(() -> {
            synchronized (handler) { // StreamHandler.publish locks the handler itself in subclasses
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        try {
            holding.await();
            Thread watcher = Thread.ofPlatform().start(() -> {
                // wait until the task is blocked on the handler's monitor, then watch the loop for 100 ms
                while (logging.get() == null || logging.get().getState() != Thread.State.BLOCKED) {
                    Thread.onSpinWait();
                }
                int before = ticks.get();
                long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                ticksWhileBlocked[0] = ticks.get() - before;
                release.countDown();
            });
            Asyncio.run(
                    () -> {
                        Task<?> ticker = Asyncio.createTask("ticker", () -> {
                            while (true) {
                                ticks.incrementAndGet();
                                Asyncio.sleep(Duration.ofMillis(1));
                            }
                        });
                        Asyncio.sleep(Duration.ofMillis(5));
                        logging.set(Thread.currentThread());
                        // no handler set: the default handler logs, in this task, through jasyncio's logger
                        Asyncio.loop()
                                .callExceptionHandler(
                                        ExceptionContext.of("logged while the handler is held", new Exception("x")));
                        ticker.cancel();
                        return null;
                    },
                    compat());
            watcher.join();
        } finally {
            release.countDown();
            holder.join();
            logger.removeHandler(handler);
        }
        assertThat(ticksWhileBlocked[0])
                .as("steps the loop ran while the task was inside jasyncio")
                .isZero();
    }

    /** A handler whose monitor the test can hold: JDK handlers lock themselves when subclassed. */
    private static final class HeldHandler extends StreamHandler {
        HeldHandler() {
            super(new ByteArrayOutputStream(), new SimpleFormatter());
        }
    }

    /** The detach heuristic still detaches user code blocked in a foreign call (here: the loop keeps ticking). */
    @Test
    void aCallbackBlockedInAForeignCallIsStillDetached() throws Exception {
        int ticks = Asyncio.run(
                () -> {
                    AtomicInteger n = new AtomicInteger();
                    SelectorEventLoop loop = Loops.loop();
                    Future<Void> slept = loop.createFuture();
                    loop.callSoon(() -> {
                        try {
                            Blocking.sleepMillis(100);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        slept.setResult(null);
                    });
                    Task<?> ticker = Asyncio.createTask(() -> {
                        while (true) {
                            n.incrementAndGet();
                            Asyncio.sleep(Duration.ofMillis(1));
                        }
                    });
                    slept.await();
                    ticker.cancel();
                    return n.get();
                },
                compat());
        assertThat(ticks).isGreaterThan(5);
    }

    /**
     * A callback given as a method reference to a blocking JDK method leaves no frame of its own above the
     * library's: it is still user code blocked in a foreign call, and is detached (else the timer that releases it
     * could never run).
     */
    @Test
    void aBlockingCallbackGivenAsAMethodReferenceIsDetached() throws Exception {
        Semaphore semaphore = new Semaphore(0);
        CountDownLatch timerRan = new CountDownLatch(1);
        AtomicBoolean rescued = new AtomicBoolean();
        Thread rescuer = Thread.ofPlatform().start(() -> {
            try {
                if (!timerRan.await(5, TimeUnit.SECONDS)) {
                    rescued.set(true);
                    semaphore.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Asyncio.run(
                () -> {
                    EventLoop loop = Asyncio.loop();
                    loop.callSoon(semaphore::acquireUninterruptibly);
                    Future<Void> fired = loop.createFuture();
                    loop.callLater(Duration.ofMillis(20), () -> {
                        timerRan.countDown();
                        semaphore.release();
                        fired.setResult(null);
                    });
                    fired.await();
                    return null;
                },
                compat());
        rescuer.join();
        assertThat(rescued.get())
                .as("the loop was stuck until another thread released the callback")
                .isFalse();
    }
}
