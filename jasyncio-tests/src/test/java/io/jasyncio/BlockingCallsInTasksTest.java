package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** A task blocked in a JDK call parks only itself: the loop keeps running the other tasks meanwhile. */
@NullUnmarked
class BlockingCallsInTasksTest {

    @AsyncioTest(realClock = true)
    void threadSleepInATaskLetsAnotherTaskKeepTicking() throws Exception {
        AtomicInteger ticks = new AtomicInteger();
        Task<Integer> sleeper = Asyncio.createTask("sleeper", () -> {
            int before = ticks.get();
            Blocking.sleepMillis(200);
            return ticks.get() - before;
        });
        Task<?> ticker = Asyncio.createTask("ticker", () -> {
            while (!sleeper.isDone()) {
                ticks.incrementAndGet();
                Asyncio.sleep(Duration.ofMillis(1));
            }
            return null;
        });
        int n = sleeper.await();
        ticker.await();
        int ticksWhileSleeping = n;
        assertThat(ticksWhileSleeping).isPositive();
    }

    @AsyncioTest(realClock = true)
    void aTaskBlockedInBlockingQueueTakeIsReleasedByAnotherTaskOfTheSameLoop() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        Task<String> taker = Asyncio.createTask("taker", queue::take);
        Task<?> producer = Asyncio.createTask("producer", () -> {
            for (int i = 0; i < 5; i++) {
                Asyncio.sleep(Duration.ZERO); // only possible if the loop runs while the taker blocks
            }
            queue.put("item");
            return null;
        });
        producer.await();
        String item = taker.await();
        assertThat(item).isEqualTo("item");
    }

    @Test
    void blockingSocketReadsInATaskParkOnlyThatTask() throws Exception {
        int[] result = Loops.runReal(() -> {
            AtomicInteger ticks = new AtomicInteger();
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                Task<String> reader = Asyncio.createTask("blocking-reader", () -> {
                    try (Socket s = server.accept();
                            BufferedReader in = new BufferedReader(
                                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                        return in.readLine(); // blocks until the writer task has ticked and written
                    }
                });
                Task<Integer> writer = Asyncio.createTask("blocking-writer", () -> {
                    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                        for (int i = 0; i < 10; i++) {
                            ticks.incrementAndGet();
                            Asyncio.sleep(Duration.ofMillis(1));
                        }
                        OutputStream out = s.getOutputStream();
                        out.write("hello after ticks\n".getBytes(StandardCharsets.UTF_8));
                        out.flush();
                        return ticks.get();
                    }
                });
                Task<?> ticker = Asyncio.createTask("ticker", () -> {
                    while (!reader.isDone()) {
                        ticks.incrementAndGet();
                        Asyncio.sleep(Duration.ofMillis(1));
                    }
                    return null;
                });
                String line = reader.await();
                int writerTicks = writer.await();
                ticker.await();
                assertThat(line).isEqualTo("hello after ticks");
                return new int[] {writerTicks, ticks.get()};
            }
        });
        assertThat(result[0]).isGreaterThanOrEqualTo(10);
        assertThat(result[1]).isGreaterThan(10);
    }

    @Test
    void aTaskBlockedInAForeignCallStillEndsAfterTheLoopClosed() throws Exception {
        BlockingQueue<String> queue = new LinkedBlockingQueue<>();
        CountDownLatch ended = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        Asyncio.run(
                () -> {
                    Future<Void> started = Asyncio.loop().createFuture();
                    Asyncio.createTask("taker", () -> {
                        try {
                            started.setResult(null); // the main task resumes once this one blocks below
                            String item = queue.take(); // close cannot reach it here
                            seen.add("took " + item);
                            Asyncio.sleep(Duration.ofDays(1)); // the next await sees the closed loop
                            return item;
                        } catch (CancelledException e) {
                            seen.add("cancelled: " + e.getMessage());
                            throw e;
                        } finally {
                            ended.countDown();
                        }
                    });
                    started.await();
                    return null;
                },
                LoopOptions.defaults().withCloseTimeout(Duration.ofMillis(100)));
        queue.put("x");
        assertThat(ended.await(30, TimeUnit.SECONDS)).isTrue();
        // the close-time cancellation could not reach the blocked task; its next await delivers it
        assertThat(seen).containsExactly("took x", "cancelled: event loop is closing");
    }
}
