package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatherTest {
    private static final Duration LONG = Duration.ofMinutes(10);

    @Test
    void resultsComeInArgumentOrderNotCompletionOrder() throws Exception {
        List<Integer> r = Asyncio.run(() -> {
            Task<Integer> slow = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ofMillis(10));
                return 1;
            });
            Task<Integer> fast = Asyncio.createTask(() -> 2);
            return Asyncio.gather(slow, fast);
        });
        assertThat(r).containsExactly(1, 2);
    }

    @Test
    void emptyGatherReturnsAnEmptyList() throws Exception {
        assertThat(Asyncio.run(() -> Asyncio.gather(List.<Task<Object>>of()))).isEmpty();
    }

    @Test
    void firstFailurePropagatesAndTheOthersKeepRunning() throws Exception {
        Asyncio.run(() -> {
            Future<String> gate = Asyncio.loop().createFuture();
            Task<String> other = Asyncio.createTask(gate::await);
            Task<String> failing = Asyncio.createTask(() -> {
                throw new IllegalArgumentException("bad");
            });
            assertThatThrownBy(() -> Asyncio.gather(other, failing))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad");
            assertThat(other.isDone()).isFalse();
            gate.setResult("still ran");
            assertThat(other.await()).isEqualTo("still ran");
            return null;
        });
    }

    @Test
    void cancelledChildCountsAsCancellationFailure() throws Exception {
        Asyncio.run(() -> {
            Future<String> f = Asyncio.loop().createFuture();
            Task<String> t = Asyncio.createTask(() -> "x");
            f.cancel();
            assertThatThrownBy(() -> Asyncio.gather(t, f)).isInstanceOf(CancelledException.class);
            assertThat(Asyncio.currentTask().orElseThrow().cancelling()).isZero();
            return null;
        });
    }

    @Test
    void cancellingTheGatheringTaskCancelsEveryChildAndWaitsForThem() throws Exception {
        List<String> events = new ArrayList<>();
        Asyncio.run(() -> {
            Task<Object> a = Asyncio.createTask(() -> {
                try {
                    Asyncio.sleep(LONG);
                } finally {
                    Asyncio.sleep(Duration.ZERO); // cleanup that itself awaits
                    events.add("a cleaned up");
                }
                return "";
            });
            Task<Object> b = Asyncio.createTask(() -> {
                Asyncio.sleep(LONG);
                return "";
            });
            Task<List<Object>> g = Asyncio.createTask(() -> Asyncio.gather(a, b));
            Asyncio.sleep(Duration.ZERO);
            Asyncio.sleep(Duration.ZERO);
            g.cancel();
            assertThatThrownBy(g::await).isInstanceOf(CancelledException.class);
            events.add("gather ended");
            assertThat(a.isCancelled()).isTrue();
            assertThat(b.isCancelled()).isTrue();
            return null;
        });
        assertThat(events).containsExactly("a cleaned up", "gather ended");
    }

    @Test
    void aGatheringTaskCancelledAfterEveryChildEndedButBeforeItResumedThrowsAtTheGather() throws Exception {
        List<String> after = new ArrayList<>();
        Asyncio.run(() -> {
            Future<String> a = Asyncio.loop().createFuture();
            Future<String> b = Asyncio.loop().createFuture();
            Task<List<String>> gathering = Asyncio.createTask(() -> {
                List<String> r = Asyncio.gather(a, b);
                after.add("ran on with " + r);
                return r;
            });
            Asyncio.sleep(Duration.ZERO);
            a.setResult("a");
            b.setResult("b"); // the gather is complete: the gathering task is queued to resume...
            gathering.cancel("late"); // ...and cancelled before it does
            assertThatThrownBy(gathering::await)
                    .isInstanceOf(CancelledException.class)
                    .hasMessage("late");
            assertThat(a.resultNow()).isEqualTo("a"); // the children keep their results
            assertThat(b.resultNow()).isEqualTo("b");
            return null;
        });
        assertThat(after).isEmpty();
    }

    @Test
    void gatherSettledReportsEveryOutcomeWithoutThrowing() throws Exception {
        Asyncio.run(() -> {
            Task<String> ok = Asyncio.createTask(() -> "fine");
            Task<String> bad = Asyncio.createTask(() -> {
                throw new java.io.IOException("io");
            });
            Future<String> cancelled = Asyncio.loop().createFuture();
            cancelled.cancel("why");
            List<Outcome<String>> out = Asyncio.gatherSettled(ok, bad, cancelled);
            assertThat(out.get(0)).isEqualTo(new Outcome.Success<>("fine"));
            assertThat(out.get(1))
                    .isInstanceOfSatisfying(
                            Outcome.Failure.class,
                            f -> assertThat(f.exception()).isInstanceOf(java.io.IOException.class));
            assertThat(out.get(2)).isEqualTo(new Outcome.Cancelled<String>("why"));
            assertThat(out.get(0).getOrThrow()).isEqualTo("fine");
            assertThatThrownBy(() -> out.get(1).getOrThrow())
                    .isInstanceOf(java.util.concurrent.CompletionException.class);
            assertThatThrownBy(() -> out.get(2).getOrThrow()).isInstanceOf(CancelledException.class);
            return null;
        });
    }

    @Test
    void gatherAcceptsTheSameAwaitableTwice() throws Exception {
        List<Integer> r = Asyncio.run(() -> {
            Task<Integer> t = Asyncio.createTask(() -> 5);
            return Asyncio.gather(t, t);
        });
        assertThat(r).containsExactly(5, 5);
    }

    @Test
    void shieldKeepsTheInnerWorkRunningWhenTheWaiterIsCancelled() throws Exception {
        Asyncio.run(() -> {
            Future<String> gate = Asyncio.loop().createFuture();
            Task<String> inner = Asyncio.createTask(gate::await);
            Task<String> waiter = Asyncio.createTask(() -> Asyncio.shield(inner).await());
            Asyncio.sleep(Duration.ZERO);
            waiter.cancel();
            assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
            assertThat(inner.isDone()).isFalse();
            gate.setResult("finished");
            assertThat(inner.await()).isEqualTo("finished");
            return null;
        });
    }

    @Test
    void shieldPassesTheInnerOutcomeThrough() throws Exception {
        Asyncio.run(() -> {
            Task<String> ok = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                return "v";
            });
            assertThat(Asyncio.shield(ok).await()).isEqualTo("v");
            Task<String> bad = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ZERO);
                throw new IllegalStateException("x");
            });
            assertThatThrownBy(() -> Asyncio.shield(bad).await()).isInstanceOf(IllegalStateException.class);
            Task<String> done = Asyncio.createTask(() -> "d");
            done.await();
            assertThat(Asyncio.shield(done)).isSameAs(done);
            return null;
        });
    }

    @Test
    void cancellingTheInnerWorkCancelsTheShieldedAwait() throws Exception {
        Asyncio.run(() -> {
            Task<String> inner = Asyncio.createTask(() -> {
                Asyncio.sleep(LONG);
                return "never";
            });
            Awaitable<String> outer = Asyncio.shield(inner);
            Asyncio.sleep(Duration.ZERO);
            inner.cancel();
            assertThatThrownBy(outer::await).isInstanceOf(CancelledException.class);
            return null;
        });
    }

    @Test
    void checkedFailureIsWrappedAsAwaitDoes() throws Exception {
        Asyncio.run(() -> {
            Task<String> bad = Asyncio.createTask(() -> {
                throw new java.io.IOException("io");
            });
            assertThatThrownBy(() -> Asyncio.gather(bad))
                    .isInstanceOf(java.util.concurrent.CompletionException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
            return null;
        });
    }
}
