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

class EventTest {

    @AsyncioTest
    void setWakesEveryWaiter() {
        Event e = new Event();
        List<String> woke = new ArrayList<>();
        List<Task<Boolean>> tasks = new ArrayList<>();
        for (String n : List.of("a", "b", "c")) {
            tasks.add(Asyncio.createTask(() -> {
                e.await();
                return woke.add(n);
            }));
        }
        Asyncio.sleep(Duration.ZERO);
        assertThat(woke).isEmpty();
        e.set();
        Asyncio.gather(tasks);
        assertThat(woke).containsExactly("a", "b", "c");
    }

    @AsyncioTest
    void aWaiterCancelledAfterTheEventWasSetButBeforeItResumedThrows() {
        Event e = new Event();
        List<String> after = new ArrayList<>();
        Task<Boolean> waiter = Asyncio.createTask(() -> {
            e.await();
            return after.add("ran on");
        });
        Asyncio.sleep(Duration.ZERO);
        e.set();
        waiter.cancel();
        assertThatThrownBy(waiter::await).isInstanceOf(CancelledException.class);
        assertThat(after).isEmpty();
        assertThat(e.isSet()).isTrue();
    }

    @AsyncioTest
    void awaitOnASetEventReturnsAtOnceUntilCleared() {
        Event e = new Event();
        e.set();
        e.await();
        assertThat(e.isSet()).isTrue();
        e.clear();
        assertThat(e.isSet()).isFalse();
        Task<Object> t = Asyncio.createTask(() -> {
            e.await();
            return "";
        });
        Asyncio.sleep(Duration.ofSeconds(1));
        assertThat(t.isDone()).isFalse();
        e.set();
        t.await();
    }

    @AsyncioTest
    void waitersWokenBySetProceedEvenIfClearedAtOnce() {
        Event e = new Event();
        Task<Object> t = Asyncio.createTask(() -> {
            e.await();
            return "woke";
        });
        Asyncio.sleep(Duration.ZERO);
        e.set();
        e.clear();
        assertThat(t.await()).isEqualTo("woke");
    }

    @AsyncioTest
    void cancelledWaitLeavesNoTrace() {
        Event e = new Event();
        Task<Object> t = Asyncio.createTask(() -> {
            e.await();
            return "";
        });
        Asyncio.sleep(Duration.ZERO);
        t.cancel();
        assertThatThrownBy(t::await).isInstanceOf(CancelledException.class);
        assertThat(e.toString()).contains("waiters=0");
        e.set();
    }
}
