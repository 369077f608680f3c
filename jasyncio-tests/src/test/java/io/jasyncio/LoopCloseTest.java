package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.internal.SelectorEventLoop;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class LoopCloseTest {

    @Test
    void closeCancelsLiveTasksWhichRunTheirFinallyBlocks() {
        List<String> seen = new ArrayList<>();
        SelectorEventLoop loop = (SelectorEventLoop) EventLoop.open(Loops.virtual());
        Task<String> parked = loop.createTask("parked", () -> {
            try {
                return loop.<String>createFuture().await();
            } catch (CancelledException e) {
                seen.add("cancelled: " + e.getMessage());
                throw e;
            } finally {
                seen.add("finally");
            }
        });
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ZERO);
            return null;
        }));
        loop.close();
        assertThat(seen).containsExactly("cancelled: event loop is closing", "finally");
        assertThat(parked.isCancelled()).isTrue();
        assertThat(loop.allTasks().size()).isZero();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void closeLetsCancelledTasksAwaitDuringTheirCleanup() {
        List<String> seen = new ArrayList<>();
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            loop.createTask(() -> {
                try {
                    Asyncio.sleep(Duration.ofDays(1));
                } finally {
                    Asyncio.sleep(Duration.ofSeconds(1)); // cleanup that awaits
                    seen.add("cleanup done");
                }
                return null;
            });
            loop.runUntilComplete(loop.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                return null;
            }));
        }
        assertThat(seen).containsExactly("cleanup done");
    }

    @Test
    void closingALoopThatNeverRanCancelsItsTasksBeforeTheyStart() {
        boolean[] ran = {false};
        EventLoop loop = EventLoop.open(Loops.virtual());
        Task<?> t = loop.createTask(() -> ran[0] = true);
        loop.close();
        assertThat(t.isCancelled()).isTrue();
        assertThat(ran[0]).isFalse();
    }

    @Test
    void closeIsIdempotent() {
        EventLoop loop = EventLoop.open(Loops.virtual());
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
    }

    @Test
    void closeWhileRunningIsRejected() throws Exception {
        Throwable e =
                Loops.run(() -> LoopCallbacksTest.catching(() -> Asyncio.loop().close()));
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("running");
    }

    @Test
    void aClosedLoopCannotRunOrCreateTasks() {
        EventLoop loop = EventLoop.open(Loops.virtual());
        loop.close();
        assertThatThrownBy(loop::runForever).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loop.createTask(() -> 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fiftyThousandParkedTasksLeaveNothingBehindAfterCloseAndGc() {
        int n = 50_000;
        SelectorEventLoop loop = (SelectorEventLoop) EventLoop.open(Loops.virtual());
        List<WeakReference<Task<?>>> refs = startParkedTasks(loop, n);
        int[] reachable = {0};
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ZERO);
            return null;
        }));
        assertThat(loop.allTasks().size()).isEqualTo(n);
        loop.close();
        assertThat(loop.allTasks().size()).isZero();
        assertThat(loop.allTasks()).isEmpty();
        for (int i = 0; i < 20 && refs.stream().anyMatch(r -> r.get() != null); i++) {
            System.gc();
        }
        for (WeakReference<Task<?>> r : refs) {
            Task<?> t = r.get();
            if (t != null) {
                reachable[0]++;
            }
        }
        assertThat(reachable[0]).as("tasks still reachable after close and GC").isZero();
    }

    private static List<WeakReference<Task<?>>> startParkedTasks(EventLoop loop, int n) {
        List<WeakReference<Task<?>>> refs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            refs.add(new WeakReference<>(
                    loop.createTask(() -> loop.createFuture().await())));
        }
        return refs;
    }

    @Test
    void aTaskThatIgnoresCancellationIsEndedAfterTheCloseTimeoutWithAWarning() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> uncaught.add(e));
        try (LogCapture log = new LogCapture()) {
            EventLoop loop = EventLoop.open(Loops.virtual().withCloseTimeout(Duration.ofMillis(50)));
            Task<String> stubborn = loop.createTask("stubborn", () -> {
                try {
                    while (true) {
                        try {
                            Asyncio.sleep(Duration.ofDays(1));
                        } catch (CancelledException e) {
                            seen.add(e.getMessage());
                            if (e.getMessage() != null && e.getMessage().contains("closed")) {
                                throw e;
                            }
                        }
                    }
                } finally {
                    ended.countDown();
                }
            });
            stubborn.addDoneCallback(t -> seen.add("done callback (must not run: the loop is closed)"));
            loop.runUntilComplete(loop.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                return null;
            }));
            loop.close();
            assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(log.contains("task destroyed while pending")).isTrue();
            assertThat(seen).startsWith("event loop is closing").endsWith("event loop is closed");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!stubborn.isDone() && System.nanoTime() < deadline) {
                Thread.onSpinWait(); // the task completes right after its finally block, on the reaper
            }
            assertThat(stubborn.isCancelled()).isTrue();
            assertThat(uncaught).isEmpty();
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    /**
     * A leftover task whose continuation was queued when the loop closed (it keeps yielding) must still be
     * resumed, so its finally block runs and its thread ends.
     */
    @Test
    void aLeftoverTaskWhoseContinuationWasQueuedAtCloseIsStillReaped() throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        EventLoop loop = EventLoop.open(Loops.virtual().withCloseTimeout(Duration.ofMillis(50)));
        Task<?> yielder = loop.createTask("yielder", () -> {
            try {
                while (true) {
                    try {
                        Asyncio.sleep(Duration.ZERO); // always ready: its continuation is queued at close
                    } catch (CancelledException e) {
                        if (e.getMessage() != null && e.getMessage().contains("closed")) {
                            seen.add("saw the closed loop");
                            throw e;
                        }
                    }
                }
            } finally {
                ended.countDown();
            }
        });
        loop.runUntilComplete(loop.createTask(() -> {
            Asyncio.sleep(Duration.ZERO);
            return null;
        }));
        loop.close();
        assertThat(ended.await(10, TimeUnit.SECONDS))
                .as("the leftover's finally block ran")
                .isTrue();
        assertThat(seen).containsExactly("saw the closed loop");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!yielder.isDone() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(yielder.isCancelled()).isTrue();
    }

    /**
     * A leftover that swallows every cancellation would spin forever after close: reaping is bounded (the task is
     * reported and abandoned) and per loop, so another loop's leftovers are still reaped.
     */
    @Test
    void aLeftoverThatSwallowsCancellationIsAbandonedAndDoesNotStopOtherLoopsReaping() throws Exception {
        CountDownLatch politeEnded = new CountDownLatch(1);
        try (LogCapture log = new LogCapture()) {
            EventLoop stubbornLoop = EventLoop.open(Loops.virtual().withCloseTimeout(Duration.ofMillis(20)));
            stubbornLoop.createTask("swallower", () -> {
                while (true) {
                    try {
                        Asyncio.sleep(Duration.ofDays(1));
                    } catch (Exception e) {
                        // swallows everything, including the closed loop's cancellation
                    }
                }
            });
            stubbornLoop.runUntilComplete(stubbornLoop.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                return null;
            }));
            stubbornLoop.close();

            EventLoop politeLoop = EventLoop.open(Loops.virtual().withCloseTimeout(Duration.ofMillis(20)));
            politeLoop.createTask("polite", () -> {
                try {
                    while (true) {
                        try {
                            Asyncio.sleep(Duration.ofDays(1));
                        } catch (CancelledException e) {
                            if (e.getMessage() != null && e.getMessage().contains("closed")) {
                                throw e;
                            }
                        }
                    }
                } finally {
                    politeEnded.countDown();
                }
            });
            politeLoop.runUntilComplete(politeLoop.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                return null;
            }));
            politeLoop.close();

            assertThat(politeEnded.await(10, TimeUnit.SECONDS))
                    .as("another loop's leftover was reaped")
                    .isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!log.contains("swallower") && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(log.messages())
                    .anySatisfy(
                            m -> assertThat(m).contains("could not be reaped").contains("swallower"));
        }
    }

    @Test
    void internalSchedulingOnAClosedLoopIsANoOp() {
        SelectorEventLoop loop = (SelectorEventLoop) EventLoop.open(Loops.virtual());
        loop.close();
        assertThat(loop.callSoonInternal(() -> {}).isCancelled()).isTrue();
        assertThat(loop.callAtInternal(loop.time(), () -> {}).isCancelled()).isTrue();
    }
}
