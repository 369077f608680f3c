package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@NullUnmarked
class DebugModeTest {

    private static LoopOptions debug() {
        return LoopOptions.defaults().withDebug(true).withSlowCallbackDuration(Duration.ofMillis(20));
    }

    @Test
    void debugModeIsOnWhenTheOptionsSaySo() throws Exception {
        boolean on = Asyncio.run(() -> Asyncio.loop().isDebug(), debug());
        assertThat(on).isTrue();
        Duration threshold = Asyncio.run(() -> Asyncio.loop().slowCallbackDuration(), debug());
        assertThat(threshold).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aSlowCallbackIsLogged() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Future<Void> done = Asyncio.loop().createFuture();
                        Asyncio.loop().callSoon(() -> {
                            Blocking.spinMillis(60);
                            done.setResult(null);
                        });
                        done.await();
                        return null;
                    },
                    debug());
            assertThat(log.messages()).anyMatch(m -> m.contains("executing") && m.contains("took"));
        }
    }

    @Test
    void aSlowTaskStepIsLoggedWithThatTasksNameAndStack() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Task<?> slow = Asyncio.createTask("slow-one", () -> {
                            Asyncio.sleep(Duration.ZERO);
                            Asyncio.sleep(Duration.ZERO);
                            spinningStep();
                            return null;
                        });
                        Task<?> quick = Asyncio.createTask("quick-one", () -> {
                            slow.await(); // alive (started last) while the slow one runs
                            return null;
                        });
                        slow.await();
                        quick.await();
                        return null;
                    },
                    debug());
            List<String> slowReports =
                    log.messages().stream().filter(m -> m.contains("took")).toList();
            // named after the task that was slow (not the last one started), with the stack of its next await
            assertThat(slowReports).anyMatch(m -> m.contains("slow-one") && m.contains("spinningStep"));
        }
    }

    private static void spinningStep() {
        Blocking.spinMillis(60);
        Asyncio.sleep(Duration.ZERO); // the report shows this await in the task's stack
    }

    @Test
    void fastCallbacksAreNotLogged() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        for (int i = 0; i < 100; i++) {
                            Asyncio.loop().callSoon(() -> {});
                            Asyncio.sleep(Duration.ZERO);
                        }
                        return null;
                    },
                    LoopOptions.defaults().withDebug(true).withSlowCallbackDuration(Duration.ofSeconds(10)));
            assertThat(log.messages()).noneMatch(m -> m.contains("took"));
        }
    }

    @Test
    @Tag("slow")
    void theWatchdogReportsAStuckLoopWithTheCarrierStack() throws Exception {
        try (LogCapture log = new LogCapture()) {
            Asyncio.run(
                    () -> {
                        Future<Void> done = Asyncio.loop().createFuture();
                        Asyncio.loop().callSoon(() -> {
                            stuckHere();
                            done.setResult(null);
                        });
                        done.await();
                        return null;
                    },
                    debug());
            assertThat(log.messages()).anyMatch(m -> m.contains("event loop blocked for") && m.contains("stuckHere"));
        }
    }

    private static void stuckHere() {
        Blocking.spinMillis(1500);
    }

    @AsyncioTest
    void dumpTasksListsEveryTaskWithItsStack() throws Exception {
        Future<Void> gate = Asyncio.loop().createFuture();
        Task<Void> first = Asyncio.createTask("first-waiter", () -> waitingInFirst(gate));
        Task<Void> second = Asyncio.createTask("second-waiter", () -> waitingInSecond(gate));
        Asyncio.sleep(Duration.ZERO);
        String dump = Asyncio.loop().dumpTasks();
        gate.setResult(null);
        first.await();
        second.await();
        assertThat(dump)
                .contains("3 live task(s)")
                .contains("first-waiter")
                .contains("waitingInFirst")
                .contains("second-waiter")
                .contains("waitingInSecond")
                .contains("main");
    }

    private static Void waitingInFirst(Future<Void> gate) {
        return gate.await();
    }

    private static Void waitingInSecond(Future<Void> gate) {
        return gate.await();
    }

    @Test
    void aFailedFutureWhoseExceptionWasNeverRetrievedIsReportedAfterGc() throws Exception {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Void> reported = recordReports(loop, reports);
            failAndForget(loop);
            collectGarbageUntil(reported);
            return null;
        });
        assertThat(reports).anySatisfy(ctx -> {
            assertThat(ctx.message()).contains("never retrieved");
            assertThat(ctx.exception()).isInstanceOf(IOException.class).hasMessage("forgotten");
        });
    }

    /** Makes the loop's exception handler record every report; the returned future completes at the first. */
    private static Future<Void> recordReports(EventLoop loop, List<ExceptionContext> reports) {
        Future<Void> reported = loop.createFuture();
        loop.setExceptionHandler((l, ctx) -> {
            reports.add(ctx);
            if (!reported.isDone()) {
                reported.setResult(null);
            }
        });
        return reported;
    }

    /**
     * Runs the garbage collector until {@code reported} completes, waiting for it up to 5 ms after each run (the
     * cleaner thread hands the report to the loop); fails after 200 runs.
     */
    private static void collectGarbageUntil(Future<Void> reported) {
        for (int i = 0; i < 200; i++) {
            System.gc();
            try {
                Asyncio.waitFor(Asyncio.shield(reported), Duration.ofMillis(5));
                return;
            } catch (TimeoutException notYet) {
                // collect again
            }
        }
        throw new AssertionError("nothing was reported after 200 garbage collections");
    }

    /** Runs the garbage collector until {@code collected} holds; fails after 200 runs. */
    private static void collectGarbageUntil(BooleanSupplier collected) {
        for (int i = 0; i < 200 && !collected.getAsBoolean(); i++) {
            System.gc();
            Asyncio.sleep(Duration.ZERO);
        }
        assertThat(collected.getAsBoolean()).as("collected").isTrue();
    }

    private static void failAndForget(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setException(new IOException("forgotten"));
    }

    @Test
    void aRetrievedExceptionIsNotReported() throws Exception {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Void> reported = recordReports(loop, reports);
            WeakReference<Future<String>> retrieved = failAndRetrieve(loop);
            collectGarbageUntil(() -> retrieved.get() == null);
            // the positive control, collected after the retrieved one: its report shows that reports do get through,
            // and that one for the retrieved future would have arrived before it
            failAndForget(loop);
            collectGarbageUntil(reported);
            return null;
        });
        assertThat(reports)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.exception()).hasMessage("forgotten"));
    }

    private static WeakReference<Future<String>> failAndRetrieve(EventLoop loop) {
        Future<String> f = loop.createFuture();
        f.setException(new IOException("seen"));
        assertThat(f.exceptionNow()).hasMessage("seen");
        return new WeakReference<>(f);
    }

    @Test
    void aFailedTaskNobodyAwaitedIsReportedAfterGc() throws Exception {
        List<ExceptionContext> reports = new CopyOnWriteArrayList<>();
        Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Void> reported = recordReports(loop, reports);
            startFailingTask();
            collectGarbageUntil(reported);
            return null;
        });
        assertThat(reports).anySatisfy(ctx -> {
            assertThat(ctx.message()).contains("doomed").contains("never retrieved");
            assertThat(ctx.exception()).isInstanceOf(IllegalStateException.class);
        });
    }

    private static void startFailingTask() {
        Asyncio.createTask("doomed", () -> {
            throw new IllegalStateException("nobody listens");
        });
    }
}
