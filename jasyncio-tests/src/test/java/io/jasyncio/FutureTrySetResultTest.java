package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.util.concurrent.CompletableFuture;

/** {@link Future#trySetResult}: the first completion wins, later ones change nothing and say so. */
class FutureTrySetResultTest {

    @AsyncioTest
    void trySetResultCompletesAPendingFutureAndWakesItsWaiter() {
        Future<String> f = Asyncio.loop().createFuture();
        Task<String> waiter = Asyncio.createTask(f::await);
        Asyncio.sleep(java.time.Duration.ZERO); // the waiter is suspended on f
        assertThat(f.trySetResult("first")).isTrue();
        assertThat(f.resultNow()).isEqualTo("first");
        assertThat(waiter.await()).isEqualTo("first");
    }

    @AsyncioTest
    void trySetResultOnADoneFutureReturnsFalseAndKeepsTheOutcome() {
        Future<String> done = Asyncio.loop().createFuture();
        done.setResult("first");
        assertThat(done.trySetResult("second")).isFalse();
        assertThat(done.resultNow()).isEqualTo("first");

        Future<String> failed = Asyncio.loop().createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        failed.setException(boom);
        assertThat(failed.trySetResult("late")).isFalse();
        assertThat(failed.exceptionNow()).isSameAs(boom);

        Future<String> cancelled = Asyncio.loop().createFuture();
        cancelled.cancel();
        assertThat(cancelled.trySetResult("late")).isFalse();
        assertThat(cancelled.isCancelled()).isTrue();
    }

    @AsyncioTest
    void trySetResultFromAnotherThreadFailsLikeSetResult() {
        Future<String> f = Asyncio.loop().createFuture();
        CompletableFuture<Throwable> seen = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            try {
                f.trySetResult("from elsewhere");
                seen.complete(null);
            } catch (Throwable e) {
                seen.complete(e);
            }
        });
        assertThat(Asyncio.await(seen)).isInstanceOf(IllegalStateException.class);
        assertThat(f.isDone()).isFalse();
        assertThatThrownBy(f::resultNow).isInstanceOf(InvalidStateException.class);
    }
}
