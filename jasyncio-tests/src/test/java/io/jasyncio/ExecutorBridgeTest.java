package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

@NullUnmarked
class ExecutorBridgeTest {

    @Test
    void toThreadRunsTheWorkOnAPlatformThreadAndReturnsItsResult() throws Exception {
        String name = Loops.run(() -> Asyncio.toThread(() -> {
            assertThat(Thread.currentThread().isVirtual()).isFalse();
            return Thread.currentThread().getName();
        }));
        assertThat(name).startsWith("jasyncio-executor-");
    }

    @AsyncioTest
    void toThreadRethrowsTheWorksFailuresAsTheyAre() throws Exception {
        IllegalStateException unchecked = new IllegalStateException("u");
        assertThatThrownBy(() -> Asyncio.toThread(() -> {
                    throw unchecked;
                }))
                .isSameAs(unchecked);
        IOException checked = new IOException("c");
        assertThatThrownBy(() -> Asyncio.toThread(() -> {
                    throw checked;
                }))
                .isSameAs(checked);
    }

    @AsyncioTest(realClock = true)
    void theLoopKeepsRunningWhileExecutorWorkBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Task<Boolean> blocked = Asyncio.createTask(() -> Asyncio.toThread(() -> release.await(30, TimeUnit.SECONDS)));
        int n = 0;
        while (n < 100) {
            Asyncio.sleep(Duration.ZERO);
            n++;
        }
        release.countDown();
        assertThat(blocked.await()).isTrue();
        int ticks = n;
        assertThat(ticks).isEqualTo(100);
    }

    @Test
    void runInExecutorUsesTheGivenExecutor() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-pool"));
        try {
            String name = Loops.run(() -> Asyncio.loop()
                    .runInExecutor(pool, () -> Thread.currentThread().getName())
                    .await());
            assertThat(name).isEqualTo("custom-pool");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void cancellingTheAwaitOfToThreadLeavesTheWorkRunningAndDropsItsResult() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Loops.runReal(() -> {
            Task<String> t = Asyncio.createTask(() -> Asyncio.toThread(() -> {
                started.countDown();
                release.await(30, TimeUnit.SECONDS);
                finished.countDown();
                return "dropped";
            }));
            Asyncio.await(CompletableFuture.runAsync(() -> {
                try {
                    started.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            t.cancel("not needed");
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class).hasMessage("not needed");
            release.countDown();
            return null;
        });
        assertThat(finished.await(30, TimeUnit.SECONDS)).isTrue();
    }

    @AsyncioTest(realClock = true)
    void cancellingARunInExecutorFutureDropsTheLateResult() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Future<String> f = Asyncio.loop().runInExecutor(null, () -> {
            release.await(30, TimeUnit.SECONDS);
            return "late";
        });
        assertThat(f.cancel()).isTrue();
        release.countDown();
        // the late completion arrives and is ignored (no InvalidStateException in the exception handler)
        Asyncio.toThread(() -> "barrier");
        assertThat(f.isCancelled()).isTrue();
    }

    @Test
    void awaitOfACompletionStageReturnsItsResult() throws Exception {
        String v = Loops.runReal(() -> Asyncio.await(CompletableFuture.supplyAsync(() -> "from pool")));
        assertThat(v).isEqualTo("from pool");
    }

    @Test
    void awaitOfAnAlreadyCompletedStageReturnsItsResult() throws Exception {
        String v = Loops.run(() -> Asyncio.await(CompletableFuture.completedFuture("done")));
        assertThat(v).isEqualTo("done");
    }

    @AsyncioTest(realClock = true)
    void awaitOfAFailedStageFollowsTheAwaitRule() throws Exception {
        IOException checked = new IOException("checked");
        assertThatThrownBy(() -> Asyncio.await(CompletableFuture.failedFuture(checked)))
                .isInstanceOf(CompletionException.class)
                .cause()
                .isSameAs(checked);
        IllegalStateException unchecked = new IllegalStateException("unchecked");
        assertThatThrownBy(() -> Asyncio.await(CompletableFuture.supplyAsync(() -> {
                    throw unchecked;
                })))
                .isSameAs(unchecked);
    }

    @AsyncioTest
    void awaitOfACancelledStageThrowsCancelledException() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        cf.cancel(false);
        assertThatThrownBy(() -> Asyncio.await(cf)).isInstanceOf(CancelledException.class);
    }

    @Test
    void cancellingATaskAwaitingACompletableFutureCancelsIt() throws Exception {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Loops.runReal(() -> {
            Task<String> t = Asyncio.createTask(() -> Asyncio.await(cf));
            Asyncio.sleep(Duration.ZERO);
            t.cancel();
            assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
            return null;
        });
        assertThat(cf.isCancelled()).isTrue();
    }

    @AsyncioTest(realClock = true)
    void shutdownDefaultExecutorWaitsForItsThreads() throws Exception {
        Asyncio.toThread(() -> "warm up");
        boolean ok = Asyncio.loop().shutdownDefaultExecutor(Duration.ofSeconds(30));
        assertThat(ok).isTrue();
    }

    @AsyncioTest
    void runInExecutorWithARejectingExecutorFailsTheFuture() throws Exception {
        Future<String> f = Asyncio.loop()
                .runInExecutor(
                        r -> {
                            throw new java.util.concurrent.RejectedExecutionException("full");
                        },
                        () -> "never");
        assertThatThrownBy(f::await)
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class)
                .hasMessage("full");
    }
}
