package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.internal.SelectorEventLoop;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The thread a loop runs on: in fast mode the calling platform thread (its tasks' carrier); in compatibility mode a
 * virtual thread of its own, so that the loop and its tasks pass the CPU without an OS thread switch (issue #9).
 */
class LoopThreadTest {

    @Test
    void compatibilityModeRunsTheLoopOnAVirtualThreadOfItsOwnAndFastModeOnTheCaller() {
        try (EventLoop loop = EventLoop.open()) {
            AtomicReference<Thread> loopThread = new AtomicReference<>();
            ((SelectorEventLoop) loop).callSoonInternal(() -> loopThread.set(Thread.currentThread()));
            loop.runUntilComplete(loop.createTask(() -> Asyncio.sleep(Duration.ZERO)));
            if (loop.schedulingMode() == SchedulingMode.COMPAT) {
                assertThat(loopThread.get().isVirtual()).isTrue();
                assertThat(loopThread.get().getName()).startsWith("jasyncio-loop-");
            } else {
                assertThat(loopThread.get()).isSameAs(Thread.currentThread());
            }
        }
    }

    @Test
    void anInterruptOfTheThreadRunningTheLoopStopsItInBothModes() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            CountDownLatch running = new CountDownLatch(1);
            loop.callSoon(running::countDown);
            Thread runner = Thread.ofPlatform().start(loop::runForever); // nothing else to do: blocks in select
            assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
            // Fast mode: an interrupt that lands while a step is mounted on the carrier is cleared by the JDK
            // (docs/design.md, "Interrupts of the loop thread"), so the test interrupts until the loop stops.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (runner.isAlive() && System.nanoTime() < deadline) {
                runner.interrupt();
                runner.join(50);
            }
            assertThat(runner.isAlive()).isFalse();
            assertThat(loop.isRunning()).isFalse();
        }
    }
}
