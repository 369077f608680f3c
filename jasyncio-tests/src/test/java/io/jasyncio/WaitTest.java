package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class WaitTest {
    private static final Duration LONG = Duration.ofMinutes(10);

    private static Task<String> after(Duration d, String v) {
        return Asyncio.createTask(() -> {
            Asyncio.sleep(d);
            return v;
        });
    }

    @Test
    void firstCompletedReturnsOnceOneIsDone() throws Exception {
        Asyncio.run(() -> {
            Task<String> fast = after(Duration.ZERO, "fast");
            Task<String> slow = after(LONG, "slow");
            Done<Task<String>> d = Asyncio.wait(List.of(slow, fast), ReturnWhen.FIRST_COMPLETED, null);
            assertThat(d.done()).containsExactly(fast);
            assertThat(d.pending()).containsExactly(slow);
            assertThat(slow.isDone()).isFalse(); // wait never cancels
            slow.cancel();
            return null;
        });
    }

    @Test
    void allCompletedWaitsForEveryAwaitable() throws Exception {
        Asyncio.run(() -> {
            Task<String> a = after(Duration.ofMillis(5), "a");
            Task<String> b = after(Duration.ZERO, "b");
            Done<Task<String>> d = Asyncio.wait(List.of(a, b), ReturnWhen.ALL_COMPLETED, null);
            assertThat(d.done()).containsExactly(a, b);
            assertThat(d.pending()).isEmpty();
            return null;
        });
    }

    @Test
    void firstExceptionReturnsOnAFailureButNotOnACancellation() throws Exception {
        Asyncio.run(() -> {
            Future<String> cancelled = Asyncio.loop().createFuture();
            Task<String> failing = Asyncio.createTask(() -> {
                Asyncio.sleep(Duration.ofMillis(5));
                throw new IllegalStateException("x");
            });
            Task<String> slow = after(LONG, "slow");
            Asyncio.loop().callSoon(() -> cancelled.cancel());
            Done<Awaitable<String>> d =
                    Asyncio.wait(List.of(cancelled, failing, slow), ReturnWhen.FIRST_EXCEPTION, null);
            assertThat(d.done()).containsExactly(cancelled, failing);
            assertThat(d.pending()).containsExactly(slow);
            failing.exceptionNow();
            slow.cancel();
            return null;
        });
    }

    @Test
    void firstExceptionWithoutFailuresActsAsAllCompleted() throws Exception {
        Asyncio.run(() -> {
            Task<String> a = after(Duration.ZERO, "a");
            Task<String> b = after(Duration.ofMillis(5), "b");
            Done<Task<String>> d = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_EXCEPTION, null);
            assertThat(d.pending()).isEmpty();
            return null;
        });
    }

    @Test
    void timeoutReturnsTheSetsAsTheyAreWithoutThrowing() throws Exception {
        Asyncio.run(() -> {
            Task<String> slow = after(LONG, "slow");
            Done<Task<String>> d = Asyncio.wait(List.of(slow), ReturnWhen.ALL_COMPLETED, Duration.ofMillis(10));
            assertThat(d.done()).isEmpty();
            assertThat(d.pending()).containsExactly(slow);
            slow.cancel();
            return null;
        });
    }

    @Test
    void waitRejectsAnEmptyCollection() throws Exception {
        Asyncio.run(() -> {
            assertThatThrownBy(() -> Asyncio.wait(List.<Task<?>>of(), ReturnWhen.ALL_COMPLETED, null))
                    .isInstanceOf(IllegalArgumentException.class);
            return null;
        });
    }

    @Test
    void cancellingTheWaiterLeavesTheAwaitablesRunning() throws Exception {
        Asyncio.run(() -> {
            Task<String> slow = after(LONG, "slow");
            Task<Done<Task<String>>> w =
                    Asyncio.createTask(() -> Asyncio.wait(List.of(slow), ReturnWhen.ALL_COMPLETED, null));
            Asyncio.sleep(Duration.ZERO);
            w.cancel();
            assertThatThrownBy(w::await).isInstanceOf(CancelledException.class);
            assertThat(slow.isDone()).isFalse();
            slow.cancel();
            return null;
        });
    }

    @Test
    void asCompletedYieldsInCompletionOrder() throws Exception {
        List<String> order = new ArrayList<>();
        Asyncio.run(() -> {
            Task<String> c = after(Duration.ofMillis(20), "c");
            Task<String> a = after(Duration.ZERO, "a");
            Task<String> b = after(Duration.ofMillis(5), "b");
            for (Task<String> t : Asyncio.asCompleted(List.of(c, a, b), null)) {
                order.add(t.await());
            }
            return null;
        });
        assertThat(order).containsExactly("a", "b", "c");
    }

    @Test
    void asCompletedTimesOutWhenTheRestIsTooSlow() throws Exception {
        Asyncio.run(() -> {
            Task<String> fast = after(Duration.ZERO, "fast");
            Task<String> slow = after(LONG, "slow");
            var it = Asyncio.asCompleted(List.of(slow, fast), Duration.ofMillis(10))
                    .iterator();
            assertThat(it.next()).isSameAs(fast);
            assertThat(it.hasNext()).isTrue();
            assertThatThrownBy(it::next)
                    .isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            assertThat(it.hasNext()).isFalse();
            slow.cancel();
            return null;
        });
    }

    @Test
    void duplicatesCountOnceAndDoneAwaitablesReturnAtOnce() throws Exception {
        Asyncio.run(() -> {
            Future<String> done = Asyncio.loop().createFuture();
            done.setResult("x");
            Done<Future<String>> d = Asyncio.wait(List.of(done, done), ReturnWhen.ALL_COMPLETED, null);
            assertThat(d.done()).containsExactly(done);
            return null;
        });
    }

    @Test
    void cancellingAnAsCompletedIterationLeavesTheAwaitablesRunning() throws Exception {
        Asyncio.run(() -> {
            Task<String> slow = after(LONG, "slow");
            Task<Object> consumer = Asyncio.createTask(() -> {
                for (Task<String> t : Asyncio.asCompleted(List.of(slow), null)) {
                    t.await();
                }
                return "";
            });
            Asyncio.sleep(Duration.ZERO);
            consumer.cancel();
            assertThatThrownBy(consumer::await).isInstanceOf(CancelledException.class);
            assertThat(slow.isDone()).isFalse();
            slow.cancel();
            return null;
        });
    }

    @Test
    void asCompletedCanBeIteratedOnlyOnce() throws Exception {
        Asyncio.run(() -> {
            Task<String> a = after(Duration.ZERO, "a");
            Iterable<Task<String>> it = Asyncio.asCompleted(List.of(a), null);
            for (Task<String> t : it) {
                assertThat(t.await()).isEqualTo("a");
            }
            assertThatThrownBy(it::iterator).isInstanceOf(IllegalStateException.class);
            return null;
        });
    }
}
