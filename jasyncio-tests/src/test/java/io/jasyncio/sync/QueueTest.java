package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

class QueueTest {

    @AsyncioTest
    void itemsComeOutInFifoOrder() {
        Queue<Integer> q = new Queue<>();
        q.put(1);
        q.put(2);
        q.tryPut(3);
        assertThat(q.size()).isEqualTo(3);
        assertThat(List.of(q.get(), q.tryGet(), q.get())).containsExactly(1, 2, 3);
        assertThat(q.isEmpty()).isTrue();
    }

    @AsyncioTest
    void getSuspendsUntilAnItemArrives() {
        Queue<String> q = new Queue<>();
        Task<String> getter = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(getter.isDone()).isFalse();
        q.put("x");
        assertThat(getter.await()).isEqualTo("x");
    }

    @AsyncioTest
    void boundedQueueAppliesBackpressure() {
        Queue<Integer> q = new Queue<>(2);
        q.put(1);
        q.put(2);
        assertThat(q.isFull()).isTrue();
        assertThatThrownBy(() -> q.tryPut(3)).isInstanceOf(QueueFullException.class);
        Task<Object> putter = startPut(q, 3);
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(putter.isDone()).isFalse();
        assertThat(q.get()).isEqualTo(1);
        putter.await();
        assertThat(List.of(q.get(), q.get())).containsExactly(2, 3);
    }

    @AsyncioTest
    void waitingGettersAreServedInArrivalOrder() {
        Queue<String> q = new Queue<>();
        Task<String> first = Asyncio.createTask(q::get);
        Task<String> second = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        q.put("a");
        q.put("b");
        assertThat(first.await()).isEqualTo("a");
        assertThat(second.await()).isEqualTo("b");
    }

    @AsyncioTest
    void blockedPuttersEnterInArrivalOrder() {
        Queue<String> q = new Queue<>(1);
        q.put("0");
        List<Task<Object>> putters = new ArrayList<>();
        for (String s : List.of("a", "b", "c")) {
            putters.add(startPut(q, s));
        }
        Asyncio.sleep(Duration.ZERO);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            out.add(q.get());
        }
        Asyncio.gather(putters);
        assertThat(out).containsExactly("0", "a", "b", "c");
    }

    @AsyncioTest
    void tryGetOnAnEmptyQueueThrows() {
        assertThatThrownBy(() -> new Queue<String>().tryGet()).isInstanceOf(QueueEmptyException.class);
    }

    @AsyncioTest
    void cancelledGetLosesNoItem() {
        Queue<String> q = new Queue<>();
        Task<String> getter = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        getter.cancel();
        q.put("kept"); // the cancelled getter is still queued until it resumes: the item must not go to it
        assertThatThrownBy(getter::await).isInstanceOf(CancelledException.class);
        assertThat(q.size()).isEqualTo(1);
        assertThat(q.get()).isEqualTo("kept");
    }

    @AsyncioTest
    void anItemHandedToAGetterCancelledBeforeItResumedGoesToTheNextGetter() {
        Queue<String> q = new Queue<>();
        List<String> after = new ArrayList<>();
        Task<Object> cancelled = Asyncio.createTask(() -> {
            after.add("got " + q.get());
            return "";
        });
        Task<String> next = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        q.put("item"); // handed over to the first getter...
        cancelled.cancel(); // ...which is cancelled before it resumed
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        assertThat(next.await()).isEqualTo("item");
        assertThat(after).isEmpty(); // no code after the cancelled get() ran
        assertThat(q.isEmpty()).isTrue();
    }

    @AsyncioTest
    void anItemHandedToAGetterCancelledBeforeItResumedReturnsToTheFrontOfTheQueue() {
        Queue<String> q = new Queue<>();
        List<String> after = new ArrayList<>();
        Task<Object> getter = Asyncio.createTask(() -> {
            after.add("got " + q.get());
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        q.put("first"); // handed over to the getter
        q.put("second"); // queued
        getter.cancel();
        assertThatThrownBy(getter::await).isInstanceOf(CancelledException.class);
        assertThat(after).isEmpty();
        assertThat(List.of(q.tryGet(), q.tryGet())).containsExactly("first", "second");
    }

    @AsyncioTest
    void aBoundedQueueCountsAnItemOnItsWayToAGetterUntilTheGetterHasIt() {
        Queue<String> q = new Queue<>(1);
        Task<String> getter = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        q.put("a"); // handed to the getter, which has not resumed yet
        assertThat(q.isFull()).isTrue();
        assertThatThrownBy(() -> q.tryPut("b")).isInstanceOf(QueueFullException.class);
        Task<Object> putter = startPut(q, "b");
        getter.cancel(); // "a" comes back: the queue holds it, within its bound
        assertThatThrownBy(getter::await).isInstanceOf(CancelledException.class);
        assertThat(q.size()).isEqualTo(1);
        assertThat(putter.isDone()).isFalse();
        assertThat(q.get()).isEqualTo("a");
        putter.await();
        assertThat(q.get()).isEqualTo("b");
    }

    @AsyncioTest
    void aPutCancelledAfterRoomWasMadeForItAddsNothingAndTheRoomGoesToTheNextPutter() {
        Queue<String> q = new Queue<>(1);
        q.put("x");
        List<String> after = new ArrayList<>();
        Task<Object> cancelled = Asyncio.createTask(() -> {
            q.put("y");
            after.add("put y");
            return "";
        });
        Task<Object> next = startPut(q, "z");
        Asyncio.sleep(Duration.ZERO);
        assertThat(q.get()).isEqualTo("x"); // makes room for the first putter...
        cancelled.cancel(); // ...which is cancelled before it resumed
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        next.await();
        assertThat(after).isEmpty();
        assertThat(q.get()).isEqualTo("z");
        assertThat(q.isEmpty()).isTrue();
    }

    @AsyncioTest
    void aGetterWokenByShutdownAndCancelledBeforeItResumedAddsNothing() {
        Queue<String> q = new Queue<>();
        Task<String> getter = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        q.shutdown(false);
        getter.cancel();
        assertThatThrownBy(getter::await).isInstanceOf(CancelledException.class);
        assertThat(q.isEmpty()).isTrue();
        assertThatThrownBy(q::tryGet).isInstanceOf(QueueShutDownException.class);
    }

    @AsyncioTest
    void anItemGivenBackAfterAnImmediateShutdownIsDiscardedAndCountsAsProcessed() {
        Queue<String> q = new Queue<>();
        Task<String> getter = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        q.put("item");
        q.shutdown(true);
        getter.cancel();
        assertThatThrownBy(getter::await).isInstanceOf(CancelledException.class);
        assertThat(q.isEmpty()).isTrue();
        Task<Object> joiner = startJoin(q);
        Asyncio.sleep(Duration.ZERO);
        assertThat(joiner.isDone()).isTrue(); // the discarded item counts as processed
        joiner.cancel();
    }

    @AsyncioTest
    void cancelledPutAddsNoItem() {
        Queue<String> q = new Queue<>(1);
        q.put("first");
        Task<Object> putter = startPut(q, "second");
        Asyncio.sleep(Duration.ZERO);
        putter.cancel();
        assertThatThrownBy(putter::await).isInstanceOf(CancelledException.class);
        assertThat(q.get()).isEqualTo("first");
        assertThat(q.isEmpty()).isTrue();
        assertThatThrownBy(q::tryGet).isInstanceOf(QueueEmptyException.class);
    }

    @AsyncioTest
    void joinWaitsUntilEveryItemIsMarkedDone() {
        Queue<String> q = new Queue<>();
        q.put("a");
        q.put("b");
        Task<Object> joiner = startJoin(q);
        q.get();
        q.taskDone();
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(joiner.isDone()).isFalse();
        q.get();
        q.taskDone();
        joiner.await();
        assertThatThrownBy(q::taskDone).isInstanceOf(IllegalStateException.class);
        q.join(); // nothing unfinished: returns at once
    }

    @AsyncioTest
    void shutdownRefusesPutsAndDrainsBeforeRefusingGets() {
        Queue<String> q = new Queue<>();
        q.put("left");
        q.shutdown(false);
        assertThat(q.isShutDown()).isTrue();
        assertThatThrownBy(() -> q.put("x")).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(() -> q.tryPut("x")).isInstanceOf(QueueShutDownException.class);
        assertThat(q.get()).isEqualTo("left");
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(q::tryGet).isInstanceOf(QueueShutDownException.class);
    }

    @AsyncioTest
    void shutdownWakesBlockedGettersAndPutters() {
        Queue<String> empty = new Queue<>();
        Task<String> getter = Asyncio.createTask(empty::get);
        Queue<String> full = new Queue<>(1);
        full.put("x");
        Task<Object> putter = startPut(full, "y");
        Asyncio.sleep(Duration.ZERO);
        empty.shutdown(false);
        full.shutdown(false);
        assertThatThrownBy(getter::await).isInstanceOf(QueueShutDownException.class);
        assertThatThrownBy(putter::await).isInstanceOf(QueueShutDownException.class);
        assertThat(full.size()).isEqualTo(1);
    }

    @AsyncioTest
    void immediateShutdownDiscardsItemsAndReleasesJoin() {
        Queue<String> q = new Queue<>();
        q.put("a");
        q.put("b");
        Task<Object> joiner = startJoin(q);
        Asyncio.sleep(Duration.ZERO);
        q.shutdown(true);
        assertThat(q.isEmpty()).isTrue();
        assertThatThrownBy(q::get).isInstanceOf(QueueShutDownException.class);
        joiner.await();
    }

    @AsyncioTest
    void priorityQueueReturnsTheSmallestFirst() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        for (int i : List.of(5, 1, 4, 2, 3)) {
            q.put(i);
        }
        List<Integer> out = new ArrayList<>();
        while (!q.isEmpty()) {
            out.add(q.get());
        }
        assertThat(out).containsExactly(1, 2, 3, 4, 5);
        PriorityQueue<String> byLength = new PriorityQueue<>(0, Comparator.comparingInt(String::length));
        byLength.put("ccc");
        byLength.put("a");
        assertThat(byLength.get()).isEqualTo("a");
    }

    @AsyncioTest
    void lifoQueueReturnsTheNewestFirst() {
        LifoQueue<Integer> q = new LifoQueue<>(3);
        q.put(1);
        q.put(2);
        q.put(3);
        assertThat(q.isFull()).isTrue();
        assertThat(List.of(q.get(), q.get(), q.get())).containsExactly(3, 2, 1);
    }

    @AsyncioTest
    void producersAndConsumersExchangeEveryItemExactlyOnce() {
        Queue<Integer> q = new Queue<>(3);
        List<Integer> consumed = new ArrayList<>();
        List<Task<Object>> tasks = new ArrayList<>();
        for (int p = 0; p < 3; p++) {
            int base = p * 100;
            tasks.add(Asyncio.createTask(() -> {
                for (int i = 0; i < 50; i++) {
                    q.put(base + i);
                }
                return "";
            }));
        }
        for (int c = 0; c < 2; c++) {
            tasks.add(Asyncio.createTask(() -> {
                while (true) {
                    try {
                        consumed.add(q.get());
                    } catch (QueueShutDownException e) {
                        return "";
                    }
                    q.taskDone();
                }
            }));
        }
        Asyncio.gather(tasks.subList(0, 3));
        q.join();
        q.shutdown(false);
        Asyncio.gather(tasks);
        assertThat(consumed).hasSize(150).doesNotHaveDuplicates();
    }

    @AsyncioTest
    void itemPutAfterAGetterWasCancelledGoesToTheNextGetter() {
        Queue<String> q = new Queue<>();
        Task<String> cancelled = Asyncio.createTask(q::get);
        Task<String> next = Asyncio.createTask(q::get);
        Asyncio.sleep(Duration.ZERO);
        cancelled.cancel();
        q.put("item");
        assertThat(next.await()).isEqualTo("item");
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        assertThat(q.isEmpty()).isTrue();
    }

    @AsyncioTest
    void nullItemsAreRejected() {
        Queue<String> q = new Queue<>();
        assertThatThrownBy(() -> q.tryPut(nullString())).isInstanceOf(NullPointerException.class);
    }

    @SuppressWarnings("NullAway")
    private static String nullString() {
        return null;
    }

    /** Starts a task that puts {@code item} into {@code q}. */
    private static <T> Task<Object> startPut(Queue<T> q, T item) {
        return Asyncio.createTask(() -> {
            q.put(item);
            return "";
        });
    }

    /** Starts a task that waits in {@code q.join()}. */
    private static Task<Object> startJoin(Queue<?> q) {
        return Asyncio.createTask(() -> {
            q.join();
            return "";
        });
    }
}
