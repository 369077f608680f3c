package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** Pitfall P8: a callback that blocks on a lock held by a parked task must not freeze the loop. */
@NullUnmarked
class CallbackLocksTest {

    @Test
    void aCallbackBlockedOnAReentrantLockHeldByAParkedTaskDoesNotDeadlockTheLoop() throws Exception {
        List<String> seen = Loops.run(() -> {
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
            return blockInACallbackUntilTheTimerFreesTheHolder(loop, holder, gate, out, () -> {
                lock.lock(); // blocks until the holder, which needs the loop, unlocks
                try {
                    out.add("callback locked");
                } finally {
                    lock.unlock();
                }
            });
        });
        assertThat(seen).containsExactly("holder locked", "timer ran", "holder resumed", "callback locked");
    }

    @Test
    void aCallbackBlockedOnAMonitorHeldByAParkedTaskDoesNotDeadlockTheLoop() throws Exception {
        List<String> seen = Loops.run(() -> {
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
            return blockInACallbackUntilTheTimerFreesTheHolder(loop, holder, gate, out, () -> {
                synchronized (monitor) {
                    out.add("callback entered");
                }
            });
        });
        assertThat(seen).containsExactly("holder entered", "timer ran", "holder resumed", "callback entered");
    }

    /**
     * Runs {@code blocking} in a callback while {@code holder} is parked on {@code gate}; a timer one second later
     * records "timer ran" and opens the gate (it runs only if the blocked callback left the loop free). Returns
     * {@code out} once the holder and the callback have finished.
     */
    private static List<String> blockInACallbackUntilTheTimerFreesTheHolder(
            EventLoop loop, Task<?> holder, Future<String> gate, List<String> out, Runnable blocking) {
        Future<Void> callbackDone = loop.createFuture();
        loop.callSoon(() -> {
            blocking.run();
            loop.callSoon(() -> callbackDone.setResult(null));
        });
        loop.callLater(Duration.ofSeconds(1), () -> {
            out.add("timer ran");
            gate.setResult("go");
        });
        holder.await();
        callbackDone.await();
        return out;
    }
}
