package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class LoopCallbacksTest {

    @AsyncioTest
    void callSoonRunsCallbacksInTheOrderTheyWereScheduled() throws Exception {
        List<Integer> seen = new ArrayList<>();
        Future<Void> done = Asyncio.loop().createFuture();
        for (int i = 0; i < 100; i++) {
            int n = i;
            Asyncio.loop().callSoon(() -> seen.add(n));
        }
        Asyncio.loop().callSoon(() -> done.setResult(null));
        done.await();
        List<Integer> order = seen;
        assertThat(order).hasSize(100).isSorted();
    }

    @AsyncioTest
    void aCallbackScheduledDuringAPassRunsInTheNextPass() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        Future<Void> done = loop.createFuture();
        loop.callSoon(() -> {
            seen.add("a");
            loop.callSoon(() -> {
                seen.add("a-child");
                done.setResult(null);
            });
        });
        loop.callSoon(() -> seen.add("b"));
        done.await();
        List<String> order = seen;
        assertThat(order).containsExactly("a", "b", "a-child");
    }

    @AsyncioTest
    void aCallbackScheduledDuringAPassRunsAfterTheOtherReadyTasksOfThatPass() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        Task<?> t = Asyncio.createTask(() -> seen.add("task"));
        loop.callSoon(() -> {
            seen.add("cb");
            loop.callSoon(() -> seen.add("cb-child"));
        });
        t.await();
        Loops.yieldTimes(2);
        List<String> order = seen;
        assertThat(order).containsExactly("task", "cb", "cb-child");
    }

    @AsyncioTest
    void aCancelledHandleDoesNotRun() throws Exception {
        List<String> seen = new ArrayList<>();
        Handle h = Asyncio.loop().callSoon(() -> seen.add("cancelled"));
        Asyncio.loop().callSoon(() -> seen.add("kept"));
        h.cancel();
        assertThat(h.isCancelled()).isTrue();
        Loops.yieldTimes(2);
        List<String> order = seen;
        assertThat(order).containsExactly("kept");
    }

    @Test
    void aCallbackThatThrowsGoesToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
        List<ExceptionContext> errors = new ArrayList<>();
        List<String> order = Loops.run(() -> {
            EventLoop loop = Asyncio.loop();
            loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
            List<String> seen = new ArrayList<>();
            loop.callSoon(() -> {
                throw new IllegalArgumentException("boom");
            });
            loop.callSoon(() -> seen.add("after"));
            Loops.yieldTimes(2);
            return seen;
        });
        assertThat(order).containsExactly("after");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).exception())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("boom");
        assertThat(errors.get(0).message()).contains("callback");
    }

    @AsyncioTest
    void callbacksSeeNoCurrentTask() throws Exception {
        Future<Boolean> seen = Asyncio.loop().createFuture();
        Asyncio.loop().callSoon(() -> seen.setResult(Asyncio.currentTask().isPresent()));
        boolean inTask = seen.await();
        assertThat(inTask).isFalse();
    }

    @AsyncioTest
    void callbacksCanReachTheRunningLoop() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<EventLoop> seen = loop.createFuture();
        loop.callSoon(() -> seen.setResult(Asyncio.loop()));
        boolean same = seen.await() == loop;
        assertThat(same).isTrue();
    }

    @AsyncioTest
    void callbacksCannotAwait() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<Throwable> seen = loop.createFuture();
        Future<Void> never = loop.createFuture();
        loop.callSoon(() -> {
            try {
                never.await();
                seen.setResult(new AssertionError("await returned"));
            } catch (RuntimeException e) {
                seen.setResult(e);
            }
        });
        Throwable thrown = seen.await();
        assertThat(thrown).isInstanceOf(IllegalStateException.class).hasMessageContaining("callbacks cannot await");
    }

    @Test
    void callSoonThreadsafeFromSeveralPlatformThreadsRunsEveryCallbackOnTheLoopThread() throws Exception {
        int threads = 4;
        int perThread = 1000;
        List<Thread> runOn = new CopyOnWriteArrayList<>();
        Thread loopThreadSeen = Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Thread> loopThread = loop.createFuture();
            loop.callSoon(() -> loopThread.setResult(Thread.currentThread()));
            loopThread.await();
            Future<Void> all = loop.createFuture();
            int[] count = {0};
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                producers.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        loop.callSoonThreadsafe(() -> {
                            runOn.add(Thread.currentThread());
                            if (++count[0] == threads * perThread) {
                                all.setResult(null);
                            }
                        });
                    }
                }));
            }
            start.countDown();
            all.await();
            for (Thread p : producers) {
                p.join();
            }
            return loopThread.resultNow();
        });
        assertThat(runOn).hasSize(threads * perThread);
        // user callbacks all run in the loop's callback runner (one virtual thread at a time, never a producer)
        assertThat(runOn).allMatch(t -> t.isVirtual() && t.getName().startsWith("jasyncio-callbacks"));
        assertThat(runOn.stream().distinct()).hasSize(1);
        assertThat(loopThreadSeen.isVirtual()).isTrue();
    }

    @AsyncioTest(realClock = true)
    void callSoonThreadsafeWakesALoopBlockedInSelect() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<String> reply = loop.createFuture();
        CountDownLatch loopIsIdle = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            try {
                if (loopIsIdle.await(30, TimeUnit.SECONDS)) {
                    loop.callSoonThreadsafe(() -> reply.setResult("woken"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        loop.callSoon(loopIsIdle::countDown);
        // nothing else to do and no timer: the loop blocks in select until the other thread posts
        String value = reply.await();
        assertThat(value).isEqualTo("woken");
    }

    @Test
    void loopConfinedMethodsThrowAClearIllegalStateExceptionFromAnotherThread() throws Exception {
        AtomicReference<Throwable> fromCallSoon = new AtomicReference<>();
        AtomicReference<Throwable> fromCreateTask = new AtomicReference<>();
        AtomicReference<Throwable> fromSetResult = new AtomicReference<>();
        Loops.runReal(() -> {
            EventLoop loop = Asyncio.loop();
            Future<Void> f = loop.createFuture();
            Future<Void> done = loop.createFuture();
            Thread.ofPlatform().start(() -> {
                fromCallSoon.set(catching(() -> loop.callSoon(() -> {})));
                fromCreateTask.set(catching(() -> loop.createTask(() -> 1)));
                fromSetResult.set(catching(() -> f.setResult(null)));
                loop.callSoonThreadsafe(() -> done.setResult(null));
            });
            done.await();
            assertThat(f.isDone()).isFalse();
            return null;
        });
        for (Throwable e : List.of(fromCallSoon.get(), fromCreateTask.get(), fromSetResult.get())) {
            assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("its own thread")
                    .hasMessageContaining("callSoonThreadsafe");
        }
    }

    @Test
    void callSoonOnAClosedLoopIsRejected() {
        EventLoop loop = EventLoop.open(Loops.virtual());
        loop.close();
        assertThatThrownBy(() -> loop.callSoon(() -> {})).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> loop.callSoonThreadsafe(() -> {})).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void runForeverRunsUntilStopIsCalledAndTheLoopCanRunAgain() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            List<String> seen = new ArrayList<>();
            loop.callSoon(() -> seen.add("first"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(loop.isRunning()).isFalse();
            loop.callSoon(() -> seen.add("second"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(seen).containsExactly("first", "second");
        }
    }

    @Test
    void stopLetsTheCallbacksAlreadyScheduledRunFirst() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            List<String> seen = new ArrayList<>();
            loop.callSoon(loop::stop);
            loop.callSoon(() -> seen.add("same pass"));
            loop.runForever();
            assertThat(seen).containsExactly("same pass");
        }
    }

    @Test
    void runUntilCompleteReturnsTheTaskResult() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            Task<Integer> t = loop.createTask(() -> 6 * 7);
            assertThat(loop.runUntilComplete(t)).isEqualTo(42);
        }
    }

    @Test
    void runForeverFromInsideTheLoopIsRejected() throws Exception {
        Throwable e = Loops.run(() -> catching(() -> Asyncio.loop().runForever()));
        assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("already running");
    }

    @AsyncioTest
    void aThreadsafeHandleCancelledBeforeItRunsDoesNotRun() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        Handle h = loop.callSoonThreadsafe(() -> seen.add("cancelled"));
        h.cancel();
        loop.callSoonThreadsafe(() -> seen.add("kept"));
        Loops.yieldTimes(3);
        assertThat(seen).containsExactly("kept");
    }

    @AsyncioTest
    void aFailingDoneCallbackGoesToTheExceptionHandler() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<ExceptionContext> errors = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            throw new IllegalStateException("in done callback");
        });
        f.setResult("v");
        Loops.yieldTimes(2);
        assertThat(errors)
                .singleElement()
                .satisfies(ctx -> assertThat(ctx.exception()).hasMessage("in done callback"));
    }

    @AsyncioTest
    void anExceptionHandlerThatThrowsFallsBackToTheDefaultHandler() throws Exception {
        EventLoop loop = Asyncio.loop();
        try (LogCapture log = new LogCapture()) {
            loop.setExceptionHandler((l, ctx) -> {
                throw new IllegalStateException("handler broke");
            });
            loop.callSoon(() -> {
                throw new IllegalArgumentException("original");
            });
            Loops.yieldTimes(2);
            assertThat(log.contains("handler broke")).isTrue();
            assertThat(log.contains("original")).isTrue();
        } finally {
            loop.setExceptionHandler(null);
        }
    }

    @AsyncioTest(realClock = true)
    void aCallbackBlockedInThreadSleepDoesNotStopTheOtherCallbacks() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        Future<Void> sleeperDone = loop.createFuture();
        Future<Void> othersDone = loop.createFuture();
        loop.callSoon(() -> {
            try {
                Blocking.sleepMillis(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop.callSoon(() -> {
                seen.add("sleeper done");
                sleeperDone.setResult(null);
            });
        });
        loop.callSoon(() -> {
            seen.add("other ran");
            othersDone.setResult(null);
        });
        othersDone.await();
        sleeperDone.await();
        assertThat(seen).containsExactly("other ran", "sleeper done");
    }

    @Test
    void twoLoopsOnTwoThreadsRunIndependently() throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(2)) {
            var a = pool.submit(() -> Loops.run(() -> {
                Asyncio.sleep(java.time.Duration.ofSeconds(5));
                return Asyncio.loop();
            }));
            var b = pool.submit(() -> Loops.run(() -> {
                Asyncio.sleep(java.time.Duration.ofSeconds(5));
                return Asyncio.loop();
            }));
            assertThat(a.get(30, TimeUnit.SECONDS)).isNotSameAs(b.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void stopFromAnotherThreadWakesALoopBlockedInSelect() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            CountDownLatch idle = new CountDownLatch(1);
            loop.callSoon(idle::countDown);
            Thread stopper = Thread.ofPlatform().start(() -> {
                try {
                    if (idle.await(30, TimeUnit.SECONDS)) {
                        loop.stop();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            loop.runForever(); // nothing scheduled: blocks in select until stop() wakes it
            assertThat(loop.isRunning()).isFalse();
            stopper.join();
        }
    }

    @Test
    void runUntilCompleteRejectsAFutureOfAnotherLoop() {
        try (EventLoop a = EventLoop.open(Loops.virtual());
                EventLoop b = EventLoop.open(Loops.virtual())) {
            Future<String> foreign = b.createFuture();
            assertThatThrownBy(() -> a.runUntilComplete(foreign)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void loopOptionsRejectNegativeDurations() {
        assertThatThrownBy(() -> LoopOptions.defaults().withCloseTimeout(java.time.Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoopOptions.defaults().withSlowCallbackDuration(java.time.Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anUnknownSchedulingModePropertyIsAClearError() {
        String before = System.getProperty("jasyncio.mode");
        System.setProperty("jasyncio.mode", "bogus");
        try {
            assertThatThrownBy(LoopOptions::defaults)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("bogus")
                    .hasMessageContaining("fast")
                    .hasMessageContaining("compat");
        } finally {
            if (before == null) {
                System.clearProperty("jasyncio.mode");
            } else {
                System.setProperty("jasyncio.mode", before);
            }
        }
    }

    /** A run stopped early leaves no stop() callback behind on its future to stop a later, unrelated run. */
    @Test
    void runUntilCompleteRemovesItsStopCallbackWhenTheRunEnds() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            Future<String> first = loop.createFuture();
            loop.callSoon(loop::stop);
            assertThatThrownBy(() -> loop.runUntilComplete(first))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("stopped before");
            Task<String> second = loop.createTask(() -> {
                first.setResult("first done"); // must not stop this run
                Loops.yieldTimes(3);
                return "second done";
            });
            assertThat(loop.runUntilComplete(second)).isEqualTo("second done");
        }
    }

    @AsyncioTest
    void callSoonThreadsafeFromATaskKeepsCallOrderWithCallSoon() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        loop.callSoonThreadsafe(() -> seen.add("a"));
        loop.callSoon(() -> seen.add("b"));
        loop.callSoonThreadsafe(() -> seen.add("c"));
        Loops.yieldTimes(3);
        assertThat(seen).containsExactly("a", "b", "c");
    }

    @AsyncioTest
    void callSoonThreadsafeFromACallbackKeepsCallOrderWithCallSoon() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        loop.callSoon(() -> {
            loop.callSoonThreadsafe(() -> seen.add("a"));
            loop.callSoon(() -> seen.add("b"));
        });
        Loops.yieldTimes(3);
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void callSoonThreadsafeBeforeTheLoopRunsKeepsCallOrderWithCallSoon() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            List<String> seen = new ArrayList<>();
            loop.callSoon(() -> seen.add("a"));
            loop.callSoonThreadsafe(() -> seen.add("b"));
            loop.callSoon(() -> seen.add("c"));
            loop.callSoon(loop::stop);
            loop.runForever();
            assertThat(seen).containsExactly("a", "b", "c");
        }
    }

    static Throwable catching(Runnable r) {
        try {
            r.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }
}
