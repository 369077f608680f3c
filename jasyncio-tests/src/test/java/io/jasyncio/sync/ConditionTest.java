package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

class ConditionTest {

    @AsyncioTest
    void awaitForWakesWhenThePredicateHolds() {
        Condition c = new Condition();
        ArrayDeque<String> items = new ArrayDeque<>();
        Task<String> consumer = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                c.awaitFor(() -> !items.isEmpty());
                assertThat(c.isLocked()).isTrue();
                return items.removeFirst();
            }
        });
        Asyncio.sleep(Duration.ZERO);
        try (Guard _ = c.acquire()) {
            c.signal(); // predicate still false: the consumer waits again
        }
        Asyncio.sleep(Duration.ZERO);
        assertThat(consumer.isDone()).isFalse();
        try (Guard _ = c.acquire()) {
            items.add("x");
            c.signal();
        }
        assertThat(consumer.await()).isEqualTo("x");
    }

    @AsyncioTest
    void signalWakesWaitersOneAtATimeInOrderAndSignalAllWakesTheRest() {
        Condition c = new Condition();
        List<String> woke = new ArrayList<>();
        List<Task<Boolean>> tasks = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            tasks.add(Asyncio.createTask(() -> {
                try (Guard _ = c.acquire()) {
                    c.await();
                    return woke.add(n);
                }
            }));
        }
        Asyncio.sleep(Duration.ZERO);
        try (Guard _ = c.acquire()) {
            c.signal();
        }
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(woke).containsExactly("a");
        try (Guard _ = c.acquire()) {
            c.signalAll();
        }
        Asyncio.gather(tasks);
        assertThat(woke).containsExactly("a", "b", "c");
    }

    @AsyncioTest
    void awaitAndSignalWithoutTheLockAreErrors() {
        Condition c = new Condition();
        assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::signal).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::signalAll).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest
    void cancelledAwaitReacquiresTheLockBeforePropagating() {
        Lock lock = new Lock();
        Condition c = new Condition(lock);
        List<String> events = new ArrayList<>();
        Task<Object> t = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                try {
                    c.await();
                } catch (CancelledException e) {
                    events.add("cancelled, locked=" + lock.isLocked());
                    throw e;
                }
            }
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        Guard mine = lock.acquire(); // hold the lock, so the cancelled waiter must wait to reacquire it
        t.cancel();
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(events).isEmpty();
        mine.close();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(events).containsExactly("cancelled, locked=true");
        assertThat(lock.isLocked()).isFalse();
    }

    @AsyncioTest
    void signalToACancelledWaiterIsPassedOn() {
        Lock lock = new Lock();
        Condition c = new Condition(lock);
        List<String> woke = new ArrayList<>();
        Task<Object> first = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                c.await();
                woke.add("first");
            }
            return "";
        });
        Task<Object> second = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                c.await();
                woke.add("second");
            }
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        Guard mine = lock.acquire();
        c.signal(); // goes to "first"...
        first.cancel(); // ...which is cancelled before it resumes
        Asyncio.sleep(Duration.ofSeconds(1)); // "first" passed the signal on and waits to reacquire the lock
        mine.close();
        assertThatThrownBy(first::await).isInstanceOf(CancelledException.class);
        second.await();
        assertThat(woke).containsExactly("second");
    }

    @AsyncioTest
    void aSignalToAWaiterCancelledBeforeItResumedIsPassedOnEvenWhenTheLockIsFree() throws Exception {
        Condition c = new Condition();
        List<String> woke = new ArrayList<>();
        Task<Object> first = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                c.await();
                woke.add("first");
            }
            return "";
        });
        Task<Object> second = Asyncio.createTask(() -> {
            try (Guard _ = c.acquire()) {
                c.await();
                woke.add("second");
            }
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        try (Guard _ = c.acquire()) {
            c.signal(); // goes to "first"...
            first.cancel(); // ...which is cancelled before it resumes
        } // the lock is free when "first" resumes: its await throws without suspending again
        assertThatThrownBy(first::await).isInstanceOf(CancelledException.class);
        Asyncio.waitFor(second, Duration.ofSeconds(1));
        assertThat(woke).containsExactly("second");
        assertThat(c.isLocked()).isFalse();
    }
}
