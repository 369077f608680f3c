package io.jasyncio.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AsyncioTestExtensionTest {
    /** Short: the positive controls below leak on purpose, so the snapshot waits this long every time. */
    private static final Duration SHORT_SETTLE = Duration.ofMillis(200);

    @AsyncioTest
    void bodyRunsAsTheMainTaskOfARunningLoop() {
        assertThat(Asyncio.loop().isRunning()).isTrue();
        assertThat(Asyncio.currentTask()).get().extracting(Task::name).isEqualTo("main");
    }

    @AsyncioTest
    void virtualClockJumpsOverLongSleeps(VirtualClock clock) {
        long before = Asyncio.loop().time();
        Asyncio.sleep(Duration.ofHours(2));
        assertThat(Asyncio.loop().time() - before).isEqualTo(Duration.ofHours(2).toNanos());
        assertThat(clock.elapsed()).isGreaterThanOrEqualTo(Duration.ofHours(2));
    }

    @AsyncioTest
    void timersFireInDeadlineOrderOnTheVirtualClock() {
        List<Integer> order = new ArrayList<>();
        var slow = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofMinutes(3));
            order.add(3);
            return null;
        });
        var fast = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofMinutes(1));
            order.add(1);
            return null;
        });
        slow.await();
        fast.await();
        assertThat(order).containsExactly(1, 3);
    }

    @AsyncioTest
    void executorWorkHoldsTheVirtualClock() throws InterruptedException {
        long before = Asyncio.loop().time();
        var timer = Asyncio.createTask(() -> {
            Asyncio.sleep(Duration.ofMinutes(1));
            return "timer";
        });
        String fromThread = Asyncio.toThread(() -> {
            TimeUnit.MILLISECONDS.sleep(50); // the behaviour under test: work that takes real time
            return "thread";
        });
        assertThat(fromThread).isEqualTo("thread");
        assertThat(timer.isDone()).isFalse();
        assertThat(Asyncio.loop().time() - before)
                .isLessThan(Duration.ofMinutes(1).toNanos());
        timer.await();
    }

    @AsyncioTest(realClock = true)
    void realClockMovesWithTime() {
        long before = Asyncio.loop().time();
        Asyncio.sleep(Duration.ofMillis(20));
        assertThat(Asyncio.loop().time() - before)
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    }

    @Test
    void leakSnapshotIgnoresAThreadThatEndsWithinTheSettlePeriod() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread.ofPlatform().name("short-lived-test-thread").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        release.countDown();
        assertThat(before.leaksSince()).isEmpty();
    }

    @Test
    void leakSnapshotNamesAThreadThatOutlivesTheSettlePeriod() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        CountDownLatch release = new CountDownLatch(1);
        Thread leaked = Thread.ofPlatform().name("leaky-test-thread").start(() -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            assertThat(before.leaksSince(SHORT_SETTLE)).contains("leaky-test-thread");
        } finally {
            release.countDown();
            leaked.join();
        }
        assertThat(before.leaksSince()).isEmpty();
    }

    @Test
    void leakSnapshotNamesASocketLeftOpenAndForgetsItOnceClosed() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        try (ServerSocketChannel open = ServerSocketChannel.open()) {
            open.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertThat(before.leaksSince(SHORT_SETTLE))
                    .contains("file descriptor")
                    .contains("socket:");
        }
        assertThat(before.leaksSince()).isEmpty();
    }

    @Test
    void leakSnapshotNamesAChildProcessStillRunning() throws Exception {
        LeakSnapshot before = LeakSnapshot.take();
        Process child = new ProcessBuilder("sleep", "60")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            assertThat(before.leaksSince(SHORT_SETTLE)).contains("child process " + child.pid());
        } finally {
            child.getOutputStream().close();
            child.destroyForcibly();
            child.waitFor();
        }
        assertThat(before.leaksSince()).isEmpty();
    }
}
