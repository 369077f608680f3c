package io.jasyncio.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

class ConfinementTest {

    /** One state-changing call per primitive, run from a thread that is not the loop's. */
    private static List<Runnable> foreignCalls() {
        Lock lock = new Lock();
        Event event = new Event();
        Semaphore semaphore = new Semaphore(1);
        BoundedSemaphore bounded = new BoundedSemaphore(1);
        Condition condition = new Condition();
        Barrier barrier = new Barrier(2);
        Queue<String> queue = new Queue<>();
        return List.of(
                lock::tryAcquire,
                event::set,
                semaphore::tryAcquire,
                bounded::tryAcquire,
                condition::signal,
                barrier::reset,
                () -> queue.tryPut("x"),
                queue::taskDone);
    }

    @AsyncioTest(realClock = true)
    void everyPrimitiveRefusesUseFromAnotherThreadWithAClearMessage() {
        for (Runnable call : foreignCalls()) {
            CompletableFuture<Object> f = CompletableFuture.supplyAsync(() -> {
                call.run();
                return "";
            });
            assertThatThrownBy(() -> Asyncio.await(f))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("confined to its event loop");
        }
    }

    @AsyncioTest
    void primitivesWorkFromCallbacksOfTheirLoop() {
        Event event = new Event();
        Task<Object> waiter = Asyncio.createTask(() -> {
            event.await();
            return "";
        });
        Asyncio.loop().callLater(Duration.ofSeconds(1), event::set);
        waiter.await();
        assertThat(event.isSet()).isTrue();
    }
}
