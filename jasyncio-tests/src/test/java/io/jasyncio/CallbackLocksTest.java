package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.NullUnmarked;

/** Pitfall P8: a callback that blocks on a lock held by a parked task must not freeze the loop. */
@NullUnmarked
class CallbackLocksTest {

    @AsyncioTest
    void aCallbackBlockedOnAReentrantLockHeldByAParkedTaskDoesNotDeadlockTheLoop() throws Exception {
        EventLoop loop = Asyncio.loop();
        ReentrantLock lock = new ReentrantLock();
        List<String> out = new ArrayList<>();
        Future<String> gate = loop.createFuture();
        Task<?> holder = Asyncio.createTask("holder", () -> {
            lock.lock();
            try {
                out.add("holder locked");
                gate.await(); // parks while holding the lock
                out.add("holder resumed");
            } finally {
                lock.unlock();
            }
            return null;
        });
        Asyncio.sleep(Duration.ZERO);
        Future<Void> callbackDone = loop.createFuture();
        loop.callSoon(() -> {
            lock.lock(); // blocks until the holder, which needs the loop, unlocks
            try {
                out.add("callback locked");
            } finally {
                lock.unlock();
            }
            loop.callSoon(() -> callbackDone.setResult(null));
        });
        // runs only if the blocked callback left the loop free
        loop.callLater(Duration.ofSeconds(1), () -> {
            out.add("timer ran");
            gate.setResult("go");
        });
        holder.await();
        callbackDone.await();
        List<String> seen = out;
        assertThat(seen).containsExactly("holder locked", "timer ran", "holder resumed", "callback locked");
    }

    @AsyncioTest
    void aCallbackBlockedOnAMonitorHeldByAParkedTaskDoesNotDeadlockTheLoop() throws Exception {
        EventLoop loop = Asyncio.loop();
        Object monitor = new Object();
        List<String> out = new ArrayList<>();
        Future<String> gate = loop.createFuture();
        Task<?> holder = Asyncio.createTask("holder", () -> {
            synchronized (monitor) {
                out.add("holder entered");
                gate.await();
                out.add("holder resumed");
            }
            return null;
        });
        Asyncio.sleep(Duration.ZERO);
        Future<Void> callbackDone = loop.createFuture();
        loop.callSoon(() -> {
            synchronized (monitor) {
                out.add("callback entered");
            }
            loop.callSoon(() -> callbackDone.setResult(null));
        });
        loop.callLater(Duration.ofSeconds(1), () -> {
            out.add("timer ran");
            gate.setResult("go");
        });
        holder.await();
        callbackDone.await();
        List<String> seen = out;
        assertThat(seen).containsExactly("holder entered", "timer ran", "holder resumed", "callback entered");
    }

    // Real clock: while a task is blocked outside the loop (here on the lock) the virtual clock cannot know
    // whether real time is needed, so it does not jump, and the holder's sleep would never end.
    @AsyncioTest(realClock = true)
    void twoTasksContendingForALockHeldAcrossAnAwaitBothFinish() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        List<String> out = new ArrayList<>();
        Task<?> first = Asyncio.createTask("first", () -> {
            lock.lock();
            try {
                Asyncio.sleep(Duration.ofMillis(20)); // parks while holding the lock
                out.add("first done");
            } finally {
                lock.unlock();
            }
            return null;
        });
        Task<?> second = Asyncio.createTask("second", () -> {
            lock.lock(); // blocks outside the loop: parks this task only
            try {
                out.add("second done");
            } finally {
                lock.unlock();
            }
            return null;
        });
        first.await();
        second.await();
        assertThat(out).containsExactly("first done", "second done");
    }
}
