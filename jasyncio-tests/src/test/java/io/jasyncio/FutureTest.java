package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class FutureTest {

    @AsyncioTest
    void aNewFutureIsPending() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        assertThat(f.state()).isEqualTo(FutureState.PENDING);
        assertThat(f.isDone()).isFalse();
        assertThat(f.isCancelled()).isFalse();
        assertThatThrownBy(f::resultNow).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(f::exceptionNow).isInstanceOf(InvalidStateException.class);
        assertThat(f).hasToString("Future[pending]");
    }

    @AsyncioTest
    void aFutureWithAResultReportsItEverywhere() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.setResult("ok");
        assertThat(f.state()).isEqualTo(FutureState.SUCCESS);
        assertThat(f.isDone()).isTrue();
        assertThat(f.resultNow()).isEqualTo("ok");
        assertThat(f.exceptionNow()).isNull();
        assertThat(f.await()).isEqualTo("ok");
    }

    @AsyncioTest
    void aFailedFutureReportsItsException() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        f.setException(boom);
        assertThat(f.state()).isEqualTo(FutureState.FAILED);
        assertThat(f.exceptionNow()).isSameAs(boom);
        assertThatThrownBy(f::resultNow)
                .isInstanceOf(IllegalStateException.class)
                .hasCause(boom);
    }

    @AsyncioTest
    void aCancelledFutureThrowsCancelledExceptionWithItsMessage() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        assertThat(f.cancel("no longer needed")).isTrue();
        assertThat(f.cancel()).isFalse();
        assertThat(f.state()).isEqualTo(FutureState.CANCELLED);
        assertThat(f.isCancelled()).isTrue();
        assertThatThrownBy(f::resultNow).isInstanceOf(CancelledException.class).hasMessage("no longer needed");
        assertThatThrownBy(f::exceptionNow).isInstanceOf(CancelledException.class);
        assertThatThrownBy(f::await).isInstanceOf(CancelledException.class).hasMessage("no longer needed");
    }

    @AsyncioTest
    void settingAResultTwiceThrowsInvalidStateException() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.setResult("first");
        assertThatThrownBy(() -> f.setResult("second")).isInstanceOf(InvalidStateException.class);
        assertThatThrownBy(() -> f.setException(new IOException())).isInstanceOf(InvalidStateException.class);
        assertThat(f.resultNow()).isEqualTo("first");
    }

    @AsyncioTest
    void settingAResultOnACancelledFutureThrowsInvalidStateException() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.cancel();
        assertThatThrownBy(() -> f.setResult("late")).isInstanceOf(InvalidStateException.class);
    }

    @AsyncioTest
    void setExceptionRejectsACancelledException() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        assertThatThrownBy(() -> f.setException(new CancelledException("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.isDone()).isFalse();
    }

    @AsyncioTest
    void awaitRethrowsAnUncheckedExceptionAsItIs() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        Asyncio.loop().callSoon(() -> f.setException(boom));
        assertThatThrownBy(f::await).isSameAs(boom);
    }

    @AsyncioTest
    void awaitRethrowsAnErrorAsItIs() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        AssertionError boom = new AssertionError("boom");
        f.setException(boom);
        assertThatThrownBy(f::await).isSameAs(boom);
    }

    @AsyncioTest
    void awaitWrapsACheckedExceptionInACompletionException() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        IOException boom = new IOException("boom");
        Asyncio.loop().callSoon(() -> f.setException(boom));
        assertThatThrownBy(f::await)
                .isInstanceOf(CompletionException.class)
                .cause()
                .isSameAs(boom);
        assertThat(f.exceptionNow()).isSameAs(boom);
    }

    @AsyncioTest
    void awaitingAnAlreadyDoneFutureDoesNotSuspend() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.setResult("ready");
        boolean[] otherRan = {false};
        Task<Boolean> other = Asyncio.createTask(() -> otherRan[0] = true);
        Asyncio.loop().callSoon(() -> otherRan[0] = true);
        for (int i = 0; i < 10; i++) {
            assertThat(f.await()).isEqualTo("ready");
        }
        assertThat(otherRan[0]).isFalse();
        other.await();
    }

    @AsyncioTest
    void waitingTasksResumeInTheOrderTheyStartedWaiting() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        List<Integer> seen = new ArrayList<>();
        List<Task<?>> tasks = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            int n = i;
            tasks.add(Asyncio.createTask(() -> {
                f.await();
                return seen.add(n);
            }));
        }
        Loops.yieldTimes(1);
        f.setResult("go");
        for (Task<?> t : tasks) {
            t.await();
        }
        List<Integer> order = seen;
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @AsyncioTest
    void doneCallbacksRunThroughCallSoonInRegistrationOrder() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        List<String> seen = new ArrayList<>();
        f.addDoneCallback(x -> seen.add("first " + x.resultNow()));
        f.addDoneCallback(x -> seen.add("second"));
        f.addDoneCallback(x -> seen.add("third"));
        f.setResult("v");
        // scheduled, not run inline
        assertThat(seen).isEmpty();
        Loops.yieldTimes(1);
        List<String> order = seen;
        assertThat(order).containsExactly("first v", "second", "third");
    }

    @AsyncioTest
    void aDoneCallbackAddedToADoneFutureIsScheduledAtOnce() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.setResult("v");
        List<String> seen = new ArrayList<>();
        f.addDoneCallback(x -> seen.add("late"));
        assertThat(seen).isEmpty();
        Loops.yieldTimes(1);
        List<String> order = seen;
        assertThat(order).containsExactly("late");
    }

    @AsyncioTest
    void removeDoneCallbackRemovesEveryRegistrationOfIt() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        List<String> seen = new ArrayList<>();
        Consumer<Awaitable<String>> removed = x -> seen.add("removed");
        f.addDoneCallback(removed);
        f.addDoneCallback(x -> seen.add("kept"));
        f.addDoneCallback(removed);
        assertThat(f.removeDoneCallback(removed)).isEqualTo(2);
        assertThat(f.removeDoneCallback(removed)).isZero();
        f.setResult("v");
        Loops.yieldTimes(1);
        List<String> order = seen;
        assertThat(order).containsExactly("kept");
    }

    @AsyncioTest
    void toCompletableFutureCompletesForOtherThreads() throws Exception {
        Future<String> ok = Asyncio.loop().createFuture();
        Future<String> failed = Asyncio.loop().createFuture();
        Future<String> cancelled = Asyncio.loop().createFuture();
        List<CompletableFuture<String>> out =
                List.of(ok.toCompletableFuture(), failed.toCompletableFuture(), cancelled.toCompletableFuture());
        ok.setResult("v");
        failed.setException(new IOException("io"));
        cancelled.cancel("stop");
        Loops.yieldTimes(1);
        List<CompletableFuture<String>> cfs = out;
        assertThat(cfs.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThatThrownBy(() -> cfs.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class);
        assertThat(cfs.get(2).isCancelled()).isTrue();
    }

    @AsyncioTest
    void cancellingTheCompletableFutureDoesNotCancelTheLoopFuture() throws Exception {
        Future<String> f = Asyncio.loop().createFuture();
        f.toCompletableFuture().cancel(true);
        Loops.yieldTimes(1);
        assertThat(f.isDone()).isFalse();
    }

    @Test
    void aTaskCannotAwaitAFutureOfAnotherLoop() throws Exception {
        try (EventLoop other = EventLoop.open(Loops.virtual())) {
            Future<String> foreign = other.createFuture();
            Throwable e = Loops.run(() -> LoopCallbacksTest.catching(foreign::await));
            assertThat(e)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("another event loop")
                    .hasMessageContaining("toCompletableFuture()")
                    .hasMessageContaining("Asyncio.await");
        }
    }

    @Test
    void anotherLoopsFutureIsAwaitedThroughTheBridgeItsErrorNames() throws Exception {
        EventLoop other = EventLoop.open();
        Future<String> foreign = other.createFuture();
        Thread otherThread = Thread.ofPlatform().name("other-loop").start(other::runForever);
        try {
            String r = Loops.runReal(() -> {
                // toCompletableFuture() on the future's own loop, then Asyncio.await here
                CompletableFuture<CompletableFuture<String>> bridge = new CompletableFuture<>();
                other.callSoonThreadsafe(() -> bridge.complete(foreign.toCompletableFuture()));
                CompletableFuture<String> cf = Asyncio.await(bridge);
                other.callSoonThreadsafe(() -> foreign.setResult("across loops"));
                return Asyncio.await(cf);
            });
            assertThat(r).isEqualTo("across loops");
        } finally {
            other.stop();
            assertThat(otherThread.join(Duration.ofSeconds(30))).isTrue();
            other.close();
        }
    }

    @Test
    void awaitOutsideATaskIsRejected() {
        try (EventLoop loop = EventLoop.open(Loops.virtual())) {
            Future<String> f = loop.createFuture();
            assertThatThrownBy(f::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("task");
        }
    }
}
