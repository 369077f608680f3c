package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class TaskCancellationTest {

    @AsyncioTest
    void aTaskCancelledBeforeItStartsNeverRunsItsBody() throws Exception {
        boolean[] ran = {false};
        Task<?> t = Asyncio.createTask(() -> ran[0] = true);
        assertThat(t.cancel("too early")).isTrue();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("too early");
        assertThat(ran[0]).isFalse();
        assertThat(t.isCancelled()).isTrue();
    }

    @AsyncioTest
    void cancellingATaskThatAwaitsAFutureCancelsTheFutureAndThrowsAtTheAwait() throws Exception {
        Future<String> inner = Asyncio.loop().createFuture();
        List<Throwable> seen = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                return inner.await();
            } catch (CancelledException e) {
                seen.add(e);
                throw e;
            }
        });
        Loops.yieldTimes(1);
        assertThat(t.cancel("stop now")).isTrue();
        assertThat(inner.isCancelled()).isTrue();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("stop now");
        assertThat(seen).singleElement().isInstanceOf(CancelledException.class);
        assertThat(seen.get(0)).hasMessage("stop now");
        assertThat(t.isCancelled()).isTrue();
        assertThat(t.cancel()).isFalse();
    }

    @AsyncioTest
    void cancellingATaskThatAwaitsAnotherTaskCancelsTheInnerOneAndWaitsForItsCleanup() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<String> inner = Asyncio.createTask("inner", () -> {
            try {
                Asyncio.sleep(Duration.ofDays(1));
                return "slept";
            } finally {
                seen.add("inner cleanup starts");
                Asyncio.sleep(Duration.ofSeconds(5)); // cleanup that itself awaits
                seen.add("inner cleanup ends");
            }
        });
        Task<String> outer = Asyncio.createTask("outer", () -> {
            try {
                return inner.await();
            } finally {
                seen.add("outer sees the end of inner: " + inner.isDone());
            }
        });
        Asyncio.sleep(Duration.ofSeconds(1));
        outer.cancel("shutdown");
        assertThat(inner.cancelling()).isEqualTo(1);
        assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
        assertThat(inner.isCancelled()).isTrue();
        List<String> order = seen;
        assertThat(order)
                .containsExactly("inner cleanup starts", "inner cleanup ends", "outer sees the end of inner: true");
    }

    @AsyncioTest
    void aTaskThatCatchesTheCancellationCanUncancelAndContinue() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> t = Asyncio.createTask(() -> {
            Task<?> me = Asyncio.currentTask().orElseThrow();
            try {
                gate.await();
                return "not cancelled";
            } catch (CancelledException e) {
                assertThat(me.cancelling()).isEqualTo(1);
                assertThat(me.uncancel()).isZero();
            }
            Asyncio.sleep(Duration.ofSeconds(1)); // awaits again without being cancelled
            return "recovered";
        });
        Loops.yieldTimes(1);
        t.cancel();
        String result = t.await();
        assertThat(result).isEqualTo("recovered");
    }

    @AsyncioTest
    void aTaskThatSwallowsTheCancellationAndReturnsEndsWithItsResult() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                return gate.await();
            } catch (CancelledException e) {
                return "swallowed";
            }
        });
        Loops.yieldTimes(1);
        t.cancel();
        assertThat(t.await()).isEqualTo("swallowed");
        assertThat(t.isCancelled()).isFalse();
        assertThat(t.cancelling()).isEqualTo(1); // never uncancelled
    }

    @AsyncioTest
    void cancelRequestsAreCountedAndUncancelWithdrawsOne() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> t = Asyncio.createTask(() -> gate.await());
        t.cancel();
        t.cancel();
        assertThat(t.cancelling()).isEqualTo(2);
        assertThat(t.uncancel()).isEqualTo(1);
        assertThat(t.uncancel()).isZero();
        assertThat(t.uncancel()).isZero();
        // every request was withdrawn before delivery: the task runs normally
        gate.setResult("ran");
        assertThat(t.await()).isEqualTo("ran");
    }

    @AsyncioTest
    void aTaskCancelledWhileRunningIsCancelledAtItsNextSuspension() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<?>[] self = new Task<?>[1];
        Task<String> t = Asyncio.createTask(() -> {
            self[0].cancel("from inside");
            seen.add("still running after cancel()");
            try {
                Asyncio.sleep(Duration.ofSeconds(1));
                seen.add("slept");
            } catch (CancelledException e) {
                seen.add("cancelled at the sleep: " + e.getMessage());
                throw e;
            }
            return "done";
        });
        self[0] = t;
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        List<String> order = seen;
        assertThat(order).containsExactly("still running after cancel()", "cancelled at the sleep: from inside");
    }

    @AsyncioTest
    void aCancelArrivingAfterTheAwaitedFutureCompletedIsThrownAtThatAwait() {
        Future<String> f = Asyncio.loop().createFuture();
        List<String> after = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            String v = f.await();
            after.add("ran on with " + v);
            return v;
        });
        Loops.yieldTimes(1);
        f.setResult("value"); // t is queued to resume...
        assertThat(t.cancel("late")).isTrue(); // ...and cancelled before it does: f can no longer be cancelled
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("late");
        assertThat(after).isEmpty(); // asyncio throws at that very await: nothing after it runs
        assertThat(f.resultNow()).isEqualTo("value");
        assertThat(t.cancelling()).isEqualTo(1);
    }

    @AsyncioTest
    void aCancelArrivingAfterTheAwaitedTaskEndedIsThrownAtThatAwait() {
        Future<String> gate = Asyncio.loop().createFuture();
        Task<String> inner = Asyncio.createTask(gate::await);
        Task<?>[] outer = new Task<?>[1];
        // added before the outer task waits on inner, this callback runs after inner ended, before outer resumes
        inner.addDoneCallback(done -> outer[0].cancel("late"));
        List<String> after = new ArrayList<>();
        outer[0] = Asyncio.createTask(() -> {
            String v = inner.await();
            after.add("ran on with " + v);
            return v;
        });
        Loops.yieldTimes(2);
        gate.setResult("value");
        assertThatThrownBy(outer[0]::await)
                .isInstanceOf(CancelledException.class)
                .hasMessage("late");
        assertThat(after).isEmpty();
        assertThat(inner.resultNow()).isEqualTo("value");
    }

    @AsyncioTest
    void aTaskCancelledAfterItsLastSuspensionEndsCancelledAndItsResultIsDiscarded() throws Exception {
        Task<?>[] self = new Task<?>[1];
        boolean[] finished = {false};
        Task<String> t = Asyncio.createTask(() -> {
            self[0].cancel("late");
            finished[0] = true;
            return "discarded";
        });
        self[0] = t;
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("late");
        assertThat(finished[0]).isTrue();
        assertThat(t.isCancelled()).isTrue();
    }

    @AsyncioTest(realClock = true)
    void cancelWithInterruptStopsATaskBlockedInThreadSleep() throws Exception {
        Task<String> t = Asyncio.createTask("sleeper", () -> {
            Blocking.sleepMillis(TimeUnit.MINUTES.toMillis(10));
            return "woke up";
        });
        waitUntilBlockedOutside(t);
        assertThat(t.cancel("interrupt it", true)).isTrue();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("interrupt it");
        assertThat(t.isCancelled()).isTrue();
    }

    @Test
    void cancelWithInterruptStopsATaskBlockedInBlockingQueueTake() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Loops.runReal(() -> {
            Task<String> t = Asyncio.createTask("taker", queue::take);
            waitUntilBlockedOutside(t);
            t.cancel("give up", true);
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            assertThat(t.isCancelled()).isTrue();
            return null;
        });
        assertThat(queue).isEmpty();
    }

    @Test
    void cancelWithoutInterruptLeavesABlockedTaskRunningUntilItsNextSuspension() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        List<String> seen = Loops.runReal(() -> {
            List<String> out = new ArrayList<>();
            Task<String> t = Asyncio.createTask("taker", () -> {
                String item = queue.take();
                out.add("took " + item);
                Asyncio.sleep(Duration.ZERO);
                out.add("not reached");
                return item;
            });
            waitUntilBlockedOutside(t);
            t.cancel("later");
            queue.put("x");
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("later");
            return out;
        });
        assertThat(seen).containsExactly("took x");
    }

    /** Yields (on the real clock) until the task's thread is blocked in a foreign call rather than a loop await. */
    private static void waitUntilBlockedOutside(Task<?> t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Asyncio.sleep(Duration.ofMillis(1));
            boolean inForeignCall = false;
            for (StackTraceElement e : t.stack()) {
                String m = e.getClassName() + "." + e.getMethodName();
                if (m.endsWith("Blocking.sleepMillis") || m.endsWith("LinkedBlockingQueue.take")) {
                    inForeignCall = true;
                }
            }
            if (inForeignCall
                    && t.toString().contains("pending")
                    && !t.toString().contains("waiting")) {
                return;
            }
        }
        throw new AssertionError("the task never blocked: " + t);
    }

    @AsyncioTest(realClock = true)
    void cancelFromAnotherThreadGoesThroughCallSoonThreadsafe() throws Exception {
        EventLoop loop = Asyncio.loop();
        Future<String> never = loop.createFuture();
        Task<String> t = Asyncio.createTask(never::await);
        Asyncio.sleep(Duration.ZERO);
        CountDownLatch sent = new CountDownLatch(1);
        Thread.ofPlatform().start(() -> {
            loop.callSoonThreadsafe(() -> t.cancel("from elsewhere"));
            sent.countDown();
        });
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("from elsewhere");
        assertThat(sent.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @AsyncioTest(realClock = true)
    void anInterruptOfATaskParkedInAnAwaitBecomesACancellation() throws Exception {
        Future<String> never = Asyncio.loop().createFuture();
        Thread[] thread = new Thread[1];
        Task<String> t = Asyncio.createTask(() -> {
            thread[0] = Thread.currentThread();
            return never.await();
        });
        Asyncio.sleep(Duration.ZERO);
        Thread.ofPlatform().start(() -> thread[0].interrupt()).join();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(never.isCancelled()).isTrue();
    }

    @AsyncioTest(realClock = true)
    void noInterruptedExceptionEscapesAnAwait() throws Exception {
        Future<String> gate = Asyncio.loop().createFuture();
        List<Throwable> thrown = new ArrayList<>();
        Task<String> t = Asyncio.createTask(() -> {
            try {
                return gate.await();
            } catch (Throwable e) {
                thrown.add(e);
                throw e;
            }
        });
        Asyncio.sleep(Duration.ZERO);
        t.cancel("plain", true); // waiting on a loop future: no interrupt needed or sent
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(thrown).singleElement().isInstanceOf(CancelledException.class);
    }

    @Test
    void theCancelledExceptionCarriesNoStackTrace() {
        assertThat(new CancelledException("m").getStackTrace()).isEmpty();
    }

    @AsyncioTest
    void cancelWithInterruptOfATaskThatHasNotStartedCountsOneRequestAndSkipsTheBody() throws Exception {
        boolean[] ran = {false};
        Task<?> t = Asyncio.createTask(() -> ran[0] = true);
        t.cancel("early", true);
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("early");
        assertThat(ran[0]).isFalse();
        assertThat(t.cancelling()).isEqualTo(1);
    }

    @AsyncioTest(realClock = true)
    void aTaskThatSwallowsTheInterruptIsStillCancelledAtItsNextAwait() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<String> t = Asyncio.createTask("sleeper", () -> {
            try {
                Blocking.sleepMillis(TimeUnit.MINUTES.toMillis(10));
            } catch (InterruptedException e) {
                seen.add("interrupted");
            }
            try {
                Asyncio.sleep(Duration.ofSeconds(1));
            } catch (CancelledException e) {
                seen.add("cancelled: " + e.getMessage());
                throw e;
            }
            return "not cancelled";
        });
        waitUntilBlockedOutside(t);
        t.cancel("stop", true);
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("stop");
        assertThat(seen).containsExactly("interrupted", "cancelled: stop");
    }

    @AsyncioTest
    void cancellingATaskThatAwaitsATaskWhoseCleanupFailsEndsItWithThatFailure() throws Exception {
        Task<String> inner = Asyncio.createTask(() -> {
            try {
                Asyncio.sleep(Duration.ofDays(1));
                return "slept";
            } catch (CancelledException e) {
                throw new IllegalStateException("cleanup failed");
            }
        });
        Task<String> outer = Asyncio.createTask(inner::await);
        Asyncio.sleep(Duration.ofSeconds(1));
        outer.cancel();
        // the inner task replaced the cancellation with a failure; the outer sees that failure, as in asyncio
        assertThatThrownBy(outer::await)
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("cleanup failed");
        assertThat(outer.isCancelled()).isFalse();
        assertThat(inner.isCancelled()).isFalse();
        assertThat(inner.exceptionNow()).hasMessage("cleanup failed");
    }
}
