package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
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

    @Test
    void aNewFutureIsPending() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            assertThat(f.state()).isEqualTo(FutureState.PENDING);
            assertThat(f.isDone()).isFalse();
            assertThat(f.isCancelled()).isFalse();
            assertThatThrownBy(f::resultNow).isInstanceOf(InvalidStateException.class);
            assertThatThrownBy(f::exceptionNow).isInstanceOf(InvalidStateException.class);
            assertThat(f).hasToString("Future[pending]");
            return null;
        });
    }

    @Test
    void aFutureWithAResultReportsItEverywhere() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.setResult("ok");
            assertThat(f.state()).isEqualTo(FutureState.SUCCESS);
            assertThat(f.isDone()).isTrue();
            assertThat(f.resultNow()).isEqualTo("ok");
            assertThat(f.exceptionNow()).isNull();
            assertThat(f.await()).isEqualTo("ok");
            return null;
        });
    }

    @Test
    void aFailedFutureReportsItsException() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            IllegalArgumentException boom = new IllegalArgumentException("boom");
            f.setException(boom);
            assertThat(f.state()).isEqualTo(FutureState.FAILED);
            assertThat(f.exceptionNow()).isSameAs(boom);
            assertThatThrownBy(f::resultNow)
                    .isInstanceOf(IllegalStateException.class)
                    .hasCause(boom);
            return null;
        });
    }

    @Test
    void aCancelledFutureThrowsCancelledExceptionWithItsMessage() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            assertThat(f.cancel("no longer needed")).isTrue();
            assertThat(f.cancel()).isFalse();
            assertThat(f.state()).isEqualTo(FutureState.CANCELLED);
            assertThat(f.isCancelled()).isTrue();
            assertThatThrownBy(f::resultNow)
                    .isInstanceOf(CancelledException.class)
                    .hasMessage("no longer needed");
            assertThatThrownBy(f::exceptionNow).isInstanceOf(CancelledException.class);
            assertThatThrownBy(f::await).isInstanceOf(CancelledException.class).hasMessage("no longer needed");
            return null;
        });
    }

    @Test
    void settingAResultTwiceThrowsInvalidStateException() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.setResult("first");
            assertThatThrownBy(() -> f.setResult("second")).isInstanceOf(InvalidStateException.class);
            assertThatThrownBy(() -> f.setException(new IOException())).isInstanceOf(InvalidStateException.class);
            assertThat(f.resultNow()).isEqualTo("first");
            return null;
        });
    }

    @Test
    void settingAResultOnACancelledFutureThrowsInvalidStateException() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.cancel();
            assertThatThrownBy(() -> f.setResult("late")).isInstanceOf(InvalidStateException.class);
            return null;
        });
    }

    @Test
    void setExceptionRejectsACancelledException() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            assertThatThrownBy(() -> f.setException(new CancelledException("x")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(f.isDone()).isFalse();
            return null;
        });
    }

    @Test
    void awaitRethrowsAnUncheckedExceptionAsItIs() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            IllegalStateException boom = new IllegalStateException("boom");
            Asyncio.loop().callSoon(() -> f.setException(boom));
            assertThatThrownBy(f::await).isSameAs(boom);
            return null;
        });
    }

    @Test
    void awaitRethrowsAnErrorAsItIs() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            AssertionError boom = new AssertionError("boom");
            f.setException(boom);
            assertThatThrownBy(f::await).isSameAs(boom);
            return null;
        });
    }

    @Test
    void awaitWrapsACheckedExceptionInACompletionException() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            IOException boom = new IOException("boom");
            Asyncio.loop().callSoon(() -> f.setException(boom));
            assertThatThrownBy(f::await)
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isSameAs(boom);
            assertThat(f.exceptionNow()).isSameAs(boom);
            return null;
        });
    }

    @Test
    void awaitingAnAlreadyDoneFutureDoesNotSuspend() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.setResult("ready");
            boolean[] otherRan = {false};
            Asyncio.createTask(() -> otherRan[0] = true);
            Asyncio.loop().callSoon(() -> otherRan[0] = true);
            for (int i = 0; i < 10; i++) {
                assertThat(f.await()).isEqualTo("ready");
            }
            assertThat(otherRan[0]).isFalse();
            return null;
        });
    }

    @Test
    void waitingTasksResumeInTheOrderTheyStartedWaiting() throws Exception {
        List<Integer> order = Loops.run(() -> {
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
            return seen;
        });
        assertThat(order).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void doneCallbacksRunThroughCallSoonInRegistrationOrder() throws Exception {
        List<String> order = Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            List<String> seen = new ArrayList<>();
            f.addDoneCallback(x -> seen.add("first " + x.resultNow()));
            f.addDoneCallback(x -> seen.add("second"));
            f.addDoneCallback(x -> seen.add("third"));
            f.setResult("v");
            // scheduled, not run inline
            assertThat(seen).isEmpty();
            Loops.yieldTimes(1);
            return seen;
        });
        assertThat(order).containsExactly("first v", "second", "third");
    }

    @Test
    void aDoneCallbackAddedToADoneFutureIsScheduledAtOnce() throws Exception {
        List<String> order = Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.setResult("v");
            List<String> seen = new ArrayList<>();
            f.addDoneCallback(x -> seen.add("late"));
            assertThat(seen).isEmpty();
            Loops.yieldTimes(1);
            return seen;
        });
        assertThat(order).containsExactly("late");
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistrationOfIt() throws Exception {
        List<String> order = Loops.run(() -> {
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
            return seen;
        });
        assertThat(order).containsExactly("kept");
    }

    @Test
    void toCompletableFutureCompletesForOtherThreads() throws Exception {
        List<CompletableFuture<String>> cfs = Loops.run(() -> {
            Future<String> ok = Asyncio.loop().createFuture();
            Future<String> failed = Asyncio.loop().createFuture();
            Future<String> cancelled = Asyncio.loop().createFuture();
            List<CompletableFuture<String>> out =
                    List.of(ok.toCompletableFuture(), failed.toCompletableFuture(), cancelled.toCompletableFuture());
            ok.setResult("v");
            failed.setException(new IOException("io"));
            cancelled.cancel("stop");
            Loops.yieldTimes(1);
            return out;
        });
        assertThat(cfs.get(0).get(10, TimeUnit.SECONDS)).isEqualTo("v");
        assertThatThrownBy(() -> cfs.get(1).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(IOException.class);
        assertThat(cfs.get(2).isCancelled()).isTrue();
    }

    @Test
    void cancellingTheCompletableFutureDoesNotCancelTheLoopFuture() throws Exception {
        Loops.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            f.toCompletableFuture().cancel(true);
            Loops.yieldTimes(1);
            assertThat(f.isDone()).isFalse();
            return null;
        });
    }

    @Test
    void aTaskCannotAwaitAFutureOfAnotherLoop() throws Exception {
        try (EventLoop other = EventLoop.open(Loops.virtual())) {
            Future<String> foreign = other.createFuture();
            Throwable e = Loops.run(() -> LoopCallbacksTest.catching(foreign::await));
            assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("another event loop");
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
