package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** The user's exception handler is user code: it runs in the callback runner or a task, never on the carrier. */
@NullUnmarked
class ExceptionHandlerTest {

    /** Fails a future on the loop and drops it, so the cleaner reports its exception once it is collected. */
    private static void failAndDrop(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setException(new IllegalStateException("nobody asked"));
    }

    @Test
    void aNeverRetrievedReportRunsTheHandlerInTheCallbackRunner() throws Exception {
        List<String> where = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Thread carrier = Thread.currentThread().isVirtual() ? null : Thread.currentThread();
            Future<List<String>> seen = loop.createFuture();
            loop.setExceptionHandler((l, ctx) -> {
                if (!seen.isDone() && ctx.message().contains("never retrieved")) {
                    Thread me = Thread.currentThread();
                    seen.setResult(List.of(
                            me.isVirtual() ? "virtual" : "platform " + me.getName(),
                            Asyncio.currentTask().isPresent() ? "in a task" : "not in a task",
                            me == carrier ? "carrier" : "not the carrier"));
                }
            });
            failAndDrop(loop);
            for (int i = 0; i < 200 && !seen.isDone(); i++) {
                System.gc();
                Asyncio.sleep(Duration.ofMillis(10));
            }
            return Asyncio.waitFor(seen, Duration.ofSeconds(10));
        });
        assertThat(where).containsExactly("virtual", "not in a task", "not the carrier");
    }

    /**
     * A handler that blocks on a lock held by a parked task must not freeze the loop: it runs in the runner, which
     * the loop replaces while it blocks.
     */
    @Test
    void aHandlerBlockedOnALockHeldByAParkedTaskDoesNotDeadlockTheLoop() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            ReentrantLock lock = new ReentrantLock();
            Future<Void> gate = loop.createFuture();
            Future<Void> handled = loop.createFuture();
            Task<?> holder = Asyncio.createTask("holder", () -> {
                lock.lock();
                try {
                    gate.await(); // parks holding the lock
                } finally {
                    lock.unlock();
                }
                return null;
            });
            Asyncio.sleep(Duration.ZERO);
            loop.setExceptionHandler((l, ctx) -> {
                lock.lock(); // blocks until the holder, which needs the loop, unlocks
                try {
                    seen.add("locked");
                } finally {
                    lock.unlock();
                }
                seen.add("handled " + ctx.message());
                l.callSoonThreadsafe(() -> handled.setResult(null));
            });
            failAndDrop(loop);
            for (int i = 0; i < 200 && seen.isEmpty() && !lock.hasQueuedThreads(); i++) {
                System.gc();
                Asyncio.sleep(Duration.ofMillis(10));
            }
            loop.callLater(Duration.ofMillis(20), () -> gate.setResult(null)); // needs a free loop
            holder.await();
            Asyncio.waitFor(handled, Duration.ofSeconds(10));
            return null;
        });
        assertThat(seen).hasSize(2);
        assertThat(seen.get(1)).contains("never retrieved");
    }

    @Test
    void aNeverRetrievedReportAfterTheLoopClosedIsLogged() throws Exception {
        List<String> handled = new CopyOnWriteArrayList<>();
        try (LogCapture log = new LogCapture()) {
            EventLoop loop = EventLoop.open(Loops.virtual());
            loop.setExceptionHandler((l, ctx) -> handled.add(ctx.message()));
            loop.close();
            failAndDrop(loop);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!log.contains("never retrieved") && System.nanoTime() < deadline) {
                System.gc();
                Thread.onSpinWait();
            }
            assertThat(log.contains("never retrieved")).isTrue();
        }
        assertThat(handled).isEmpty();
    }
}
