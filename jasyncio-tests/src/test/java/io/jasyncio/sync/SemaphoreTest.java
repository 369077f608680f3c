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

class SemaphoreTest {

    @AsyncioTest
    void atMostNTasksHoldAPermit() {
        Semaphore s = new Semaphore(2);
        int[] inside = {0};
        int[] most = {0};
        List<Task<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(Asyncio.createTask(() -> {
                try (Guard _ = s.acquire()) {
                    inside[0]++;
                    most[0] = Math.max(most[0], inside[0]);
                    Asyncio.sleep(Duration.ofSeconds(1));
                    inside[0]--;
                }
                return "";
            }));
        }
        Asyncio.gather(tasks);
        assertThat(most[0]).isEqualTo(2);
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @AsyncioTest
    void permitsGoToWaitersInArrivalOrder() {
        Semaphore s = new Semaphore(0);
        List<String> order = new ArrayList<>();
        List<Task<Boolean>> tasks = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            tasks.add(Asyncio.createTask(() -> {
                s.acquire();
                return order.add(n);
            }));
        }
        Asyncio.sleep(Duration.ZERO);
        assertThat(s.isLocked()).isTrue();
        s.release();
        s.release();
        assertThat(s.tryAcquire()).isFalse(); // both permits were handed to waiters already
        s.release();
        Asyncio.gather(tasks);
        assertThat(order).containsExactly("a", "b", "c");
        assertThat(s.availablePermits()).isZero();
    }

    @AsyncioTest
    void cancelledAcquireKeepsNoPermit() {
        Semaphore s = new Semaphore(1);
        Guard held = s.acquire();
        Task<Guard> waiter = Asyncio.createTask(s::acquire);
        Asyncio.sleep(Duration.ZERO);
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
        held.close();
        assertThat(s.availablePermits()).isEqualTo(1);
        assertThat(s.isLocked()).isFalse();
    }

    @AsyncioTest
    void aPermitHandedToAWaiterCancelledBeforeItResumedGoesToTheNextWaiter() {
        Semaphore s = new Semaphore(0);
        List<String> events = new ArrayList<>();
        Task<Object> cancelled = Asyncio.createTask(() -> {
            try (Guard _ = s.acquire()) {
                events.add("cancelled waiter got a permit");
            }
            return "";
        });
        Task<Guard> next = Asyncio.createTask(s::acquire);
        Asyncio.sleep(Duration.ZERO);
        s.release(); // the permit is handed to the first waiter...
        cancelled.cancel(); // ...which is cancelled before it resumes
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        Guard g = next.await();
        assertThat(events).isEmpty();
        assertThat(s.availablePermits()).isZero();
        g.close();
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @AsyncioTest
    void aBoundedSemaphorePermitHandedToACancelledWaiterReturnsToTheCount() {
        BoundedSemaphore s = new BoundedSemaphore(1);
        Guard held = s.acquire();
        Task<Guard> waiter = Asyncio.createTask(s::acquire);
        Asyncio.sleep(Duration.ZERO);
        held.close(); // handed to the waiter
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
        assertThat(s.availablePermits()).isEqualTo(1);
        assertThat(s.isLocked()).isFalse();
    }

    @AsyncioTest
    void releaseMayExceedTheInitialValue() {
        Semaphore s = new Semaphore(1);
        s.release();
        assertThat(s.availablePermits()).isEqualTo(2);
    }

    @AsyncioTest
    void boundedSemaphoreRefusesOverRelease() {
        BoundedSemaphore s = new BoundedSemaphore(1);
        try (Guard _ = s.acquire()) {
            assertThat(s.availablePermits()).isZero();
        }
        assertThatThrownBy(s::release).isInstanceOf(IllegalStateException.class);
        assertThat(s.availablePermits()).isEqualTo(1);
    }

    @AsyncioTest
    void negativeInitialValueIsRejected() {
        assertThatThrownBy(() -> new Semaphore(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @AsyncioTest
    void permitReleasedAfterAWaiterWasCancelledGoesToTheNextWaiter() {
        Semaphore s = new Semaphore(0);
        Task<Guard> cancelled = Asyncio.createTask(s::acquire);
        Task<Guard> next = Asyncio.createTask(s::acquire);
        Asyncio.sleep(Duration.ZERO);
        cancelled.cancel();
        s.release();
        next.await().close();
        assertThatThrownBy(cancelled::await).isInstanceOf(CancelledException.class);
        assertThat(s.availablePermits()).isEqualTo(1);
    }
}
