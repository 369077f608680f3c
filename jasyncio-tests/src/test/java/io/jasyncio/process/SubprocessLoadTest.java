package io.jasyncio.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** Many children at once: the loop stays responsive while their pipes trickle or stay silent. */
class SubprocessLoadTest {
    private static final SubprocessOptions OUT = SubprocessOptions.defaults().withStdout(Redirect.PIPE);
    private static final int CHILDREN = 50;
    private static final int LINES = 10;

    @AsyncioTest(realClock = true)
    void fiftyTricklingChildrenDoNotStallTheLoop() throws Exception {
        List<Subprocess> kids = new ArrayList<>();
        for (int i = 0; i < CHILDREN; i++) {
            kids.add(Subprocess.shell(
                    "i=0; while [ $i -lt " + LINES + " ]; do echo $i; sleep 0.1; i=$((i+1)); done", OUT));
        }
        Subprocess silent = Subprocess.exec(List.of("sleep", "100"), OUT);
        Task<byte[]> neverAnswered = Asyncio.createTask(() -> silent.stdout().read(1));

        // a ticker measures how late the loop runs a 5 ms timer while the children trickle
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worstLateNanos = new AtomicLong();
        AtomicLong ticks = new AtomicLong();
        Task<?> ticker = Asyncio.createTask(() -> {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                Asyncio.sleep(Duration.ofMillis(5));
                worstLateNanos.accumulateAndGet(System.nanoTime() - t0 - 5_000_000L, Math::max);
                ticks.incrementAndGet();
            }
        });

        List<Task<Integer>> readers = new ArrayList<>();
        for (Subprocess k : kids) {
            readers.add(Asyncio.createTask(() -> {
                int n = 0;
                for (byte[] ignored : k.stdout().lines()) {
                    n++;
                }
                return n;
            }));
        }
        List<Integer> counts = Asyncio.withTimeout(Duration.ofMinutes(2), () -> Asyncio.gather(readers));
        stop.set(true);
        ticker.await();
        for (Subprocess k : kids) {
            assertThat(k.awaitExit()).isZero();
        }
        assertThat(counts).hasSize(CHILDREN).containsOnly(LINES);
        assertThat(neverAnswered.isDone()).isFalse();
        silent.kill();
        silent.awaitExit();
        assertThat(neverAnswered.await()).isEmpty();
        // each child lived over a second; a loop blocked in a pipe read would miss every tick until a child wrote
        assertThat(ticks.get()).isGreaterThan(20);
        assertThat(Duration.ofNanos(worstLateNanos.get())).isLessThan(Duration.ofSeconds(1)); // loose: 2 busy vCPUs
    }
}
