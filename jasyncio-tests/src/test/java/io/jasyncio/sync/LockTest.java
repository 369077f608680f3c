package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class LockTest {

    @AsyncioTest
    void guardReleasesTheLockAtTheEndOfTheBlock() {
        Lock lock = new Lock();
        try (Guard g = lock.acquire()) {
            assertThat(lock.isLocked()).isTrue();
            assertThat(g.isReleased()).isFalse();
        }
        assertThat(lock.isLocked()).isFalse();
    }

    @AsyncioTest
    void onlyOneTaskAtATimeRunsTheCriticalSection() {
        Lock lock = new Lock();
        List<String> events = new ArrayList<>();
        List<Task<Object>> tasks = new ArrayList<>();
        for (String name : List.of("a", "b", "c")) {
            tasks.add(Asyncio.createTask(() -> {
                try (Guard _ = lock.acquire()) {
                    events.add(name + " in");
                    Asyncio.sleep(Duration.ofSeconds(1));
                    events.add(name + " out");
                }
                return "";
            }));
        }
        Asyncio.gather(tasks);
        assertThat(events).containsExactly("a in", "a out", "b in", "b out", "c in", "c out");
    }

    @AsyncioTest
    void waitersGetTheLockInArrivalOrderWithoutBarging() {
        Lock lock = new Lock();
        List<String> order = new ArrayList<>();
        lock.acquire();
        Task<Object> first = Asyncio.createTask(() -> {
            try (Guard _ = lock.acquire()) {
                order.add("first");
            }
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        lock.release(); // handed to "first", which has not run yet
        assertThat(lock.isLocked()).isTrue();
        assertThat(lock.tryAcquire()).isFalse(); // a latecomer cannot barge in
        first.await();
        assertThat(order).containsExactly("first");
        assertThat(lock.isLocked()).isFalse();
    }

    @AsyncioTest
    void cancelledAcquireNeverHoldsTheLock() {
        Lock lock = new Lock();
        lock.acquire();
        Task<Object> waiter = Asyncio.createTask(() -> lock.acquire());
        Asyncio.sleep(Duration.ZERO);
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
        lock.release();
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @AsyncioTest
    void aLockHandedToAWaiterCancelledBeforeItResumedGoesToTheNextWaiter() {
        Lock lock = new Lock();
        List<String> events = new ArrayList<>();
        lock.acquire();
        Task<Object> cancelled = Asyncio.createTask(() -> {
            try (Guard _ = lock.acquire()) {
                events.add("cancelled waiter in its critical section");
            }
            return "";
        });
        Task<Object> next = Asyncio.createTask(() -> {
            try (Guard _ = lock.acquire()) {
                events.add("next waiter in its critical section");
            }
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        lock.release(); // ownership passes to the first waiter...
        cancelled.cancel(); // ...which is cancelled before it resumes
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        next.await();
        assertThat(events).containsExactly("next waiter in its critical section");
        assertThat(lock.isLocked()).isFalse();
    }

    @AsyncioTest
    void aLockHandedToTheOnlyWaiterCancelledBeforeItResumedIsUnlocked() {
        Lock lock = new Lock();
        lock.acquire();
        Task<Guard> waiter = Asyncio.createTask(lock::acquire);
        Asyncio.sleep(Duration.ZERO);
        lock.release();
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
        assertThat(lock.isLocked()).isFalse();
        assertThat(lock.tryAcquire()).isTrue();
    }

    @AsyncioTest
    void releasingAnUnlockedLockIsAnError() {
        assertThatThrownBy(() -> new Lock().release()).isInstanceOf(IllegalStateException.class);
    }

    @AsyncioTest
    void closingAGuardTwiceReleasesOnce() {
        Lock lock = new Lock();
        Guard g = lock.acquire();
        g.close();
        lock.acquire();
        g.close();
        assertThat(lock.isLocked()).isTrue();
        lock.release();
    }

    @Test
    void useFromAnotherThreadIsRefusedWithAClearMessage() throws Exception {
        Lock lock = new Lock();
        assertThatThrownBy(lock::tryAcquire)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("confined to its event loop");
        Asyncio.run(() -> {
            lock.tryAcquire();
            CompletableFuture<Boolean> other = CompletableFuture.supplyAsync(lock::isLocked);
            // reading state is harmless; changing it from another thread is refused
            CompletableFuture<Object> change = CompletableFuture.supplyAsync(() -> {
                lock.release();
                return "";
            });
            assertThatThrownBy(() -> Asyncio.await(change))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("confined");
            assertThat(Asyncio.await(other)).isTrue();
            return null;
        });
    }

    @Test
    void aLockIsBoundToTheFirstLoopThatUsesIt() throws Exception {
        Lock lock = new Lock();
        Asyncio.run(() -> lock.tryAcquire());
        assertThatThrownBy(() -> Asyncio.run(() -> lock.tryAcquire()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("another event loop");
    }
}
