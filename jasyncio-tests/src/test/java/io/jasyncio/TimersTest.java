package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.NullUnmarked;

@NullUnmarked
class TimersTest {

    @AsyncioTest
    void callLaterRunsAfterTheDelayOnTheVirtualClock() throws Exception {
        EventLoop loop = Asyncio.loop();
        long start = loop.time();
        Future<Long> fired = loop.createFuture();
        loop.callLater(Duration.ofMinutes(5), () -> fired.setResult(loop.time()));
        long[] elapsed = new long[] {fired.await() - start};
        assertThat(elapsed[0]).isGreaterThanOrEqualTo(Duration.ofMinutes(5).toNanos());
    }

    @AsyncioTest
    void timersRunInDeadlineOrder() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<Integer> seen = new ArrayList<>();
        Future<Void> done = loop.createFuture();
        loop.callLater(Duration.ofSeconds(3), () -> seen.add(3));
        loop.callLater(Duration.ofSeconds(1), () -> seen.add(1));
        loop.callLater(Duration.ofSeconds(2), () -> seen.add(2));
        loop.callLater(Duration.ofSeconds(4), () -> done.setResult(null));
        done.await();
        List<Integer> order = seen;
        assertThat(order).containsExactly(1, 2, 3);
    }

    @AsyncioTest
    void timersWithEqualDeadlinesRunInTheOrderTheyWereScheduled() throws Exception {
        EventLoop loop = Asyncio.loop();
        long at = loop.time() + Duration.ofSeconds(1).toNanos();
        List<Integer> seen = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            loop.callAt(at, () -> seen.add(n));
        }
        Asyncio.sleep(Duration.ofSeconds(2));
        List<Integer> order = seen;
        assertThat(order).hasSize(200).isSorted();
    }

    @AsyncioTest
    void callAtUsesTheLoopClock() throws Exception {
        EventLoop loop = Asyncio.loop();
        long at = loop.time() + Duration.ofHours(1).toNanos();
        Future<Long> fired = loop.createFuture();
        TimerHandle h = loop.callAt(at, () -> fired.setResult(loop.time()));
        long[] times = new long[] {at, h.when(), fired.await()};
        assertThat(times[1]).isEqualTo(times[0]);
        assertThat(times[2]).isGreaterThanOrEqualTo(times[0]);
    }

    @AsyncioTest(realClock = true)
    void callLaterWorksOnTheRealClock() throws Exception {
        EventLoop loop = Asyncio.loop();
        long deadline = loop.time() + Duration.ofMillis(20).toNanos();
        Future<Long> fired = loop.createFuture();
        loop.callLater(Duration.ofMillis(20), () -> fired.setResult(System.nanoTime()));
        boolean after = fired.await() >= deadline;
        assertThat(after).isTrue();
    }

    @AsyncioTest
    void aZeroOrNegativeDelayRunsAsSoonAsPossible() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        Future<Void> done = loop.createFuture();
        loop.callLater(Duration.ofSeconds(-1), () -> seen.add("negative"));
        loop.callLater(Duration.ZERO, () -> seen.add("zero"));
        loop.callLater(Duration.ofMillis(1), () -> done.setResult(null));
        done.await();
        List<String> order = seen;
        assertThat(order).containsExactly("negative", "zero");
    }

    @AsyncioTest
    void aCancelledTimerDoesNotRun() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        TimerHandle h = loop.callLater(Duration.ofSeconds(1), () -> seen.add("cancelled"));
        loop.callLater(Duration.ofSeconds(2), () -> seen.add("kept"));
        h.cancel();
        h.cancel(); // idempotent
        assertThat(h.isCancelled()).isTrue();
        Asyncio.sleep(Duration.ofSeconds(3));
        List<String> order = seen;
        assertThat(order).containsExactly("kept");
    }

    @AsyncioTest
    void aTimerCancelledAfterItBecameDueButBeforeItRanDoesNotRun() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        TimerHandle[] second = new TimerHandle[1];
        long at = loop.time() + Duration.ofSeconds(1).toNanos();
        loop.callAt(at, () -> {
            seen.add("first");
            second[0].cancel();
        });
        second[0] = loop.callAt(at, () -> seen.add("second"));
        Asyncio.sleep(Duration.ofSeconds(2));
        List<String> order = seen;
        assertThat(order).containsExactly("first");
    }

    @AsyncioTest
    void timersStayInOrderAfterTheHeapIsCompactedByManyCancellations() throws Exception {
        EventLoop loop = Asyncio.loop();
        Random random = new Random(7);
        long base = loop.time();
        List<Long> seen = new ArrayList<>();
        List<TimerHandle> handles = new ArrayList<>();
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            long at = base + 1_000_000L * (1 + random.nextInt(10_000));
            handles.add(loop.callAt(at, () -> seen.add(at)));
        }
        // cancel 90%: more than half of the heap is cancelled several times over, so it is rebuilt
        for (int i = 0; i < handles.size(); i++) {
            if (i % 10 != 0) {
                handles.get(i).cancel();
            } else {
                expected.add(handles.get(i).when());
            }
        }
        // timers added after compaction interleave correctly too
        for (int i = 0; i < 100; i++) {
            long at = base + 1_000_000L * (1 + random.nextInt(10_000));
            loop.callAt(at, () -> seen.add(at));
            expected.add(at);
        }
        Asyncio.sleep(Duration.ofSeconds(11));
        assertThat(seen).hasSameSizeAs(expected).containsExactlyInAnyOrderElementsOf(expected);
        List<Long> fired = seen;
        assertThat(fired).isSorted();
    }

    @AsyncioTest
    void sleepSuspendsOnlyTheSleepingTask() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<?> slow = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(10));
            seen.add("slow");
            return null;
        });
        Task<?> fast = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofSeconds(1));
            seen.add("fast");
            return null;
        });
        slow.await();
        fast.await();
        List<String> order = seen;
        assertThat(order).containsExactly("fast", "slow");
    }

    @AsyncioTest
    void sleepZeroLetsTheOtherReadyTasksRunFirst() throws Exception {
        List<String> seen = new ArrayList<>();
        Asyncio.createTask(() -> seen.add("other"));
        Asyncio.sleep(Duration.ZERO);
        seen.add("main");
        List<String> order = seen;
        assertThat(order).containsExactly("other", "main");
    }

    @AsyncioTest
    void cancellingASleepingTaskEndsItsSleepAtOnce() throws Exception {
        EventLoop loop = Asyncio.loop();
        long start = loop.time();
        Task<?> sleeper = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofDays(365));
            return null;
        });
        Asyncio.sleep(Duration.ofSeconds(1));
        sleeper.cancel();
        Loops.yieldTimes(3);
        long[] result = new long[] {sleeper.isCancelled() ? 1 : 0, loop.time() - start};
        assertThat(result[0]).isEqualTo(1);
        assertThat(result[1]).isLessThan(Duration.ofDays(1).toNanos());
    }
}
