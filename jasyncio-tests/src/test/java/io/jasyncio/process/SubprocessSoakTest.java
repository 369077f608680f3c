package io.jasyncio.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;

/**
 * A thousand spawn/kill/cancel cycles leave no child (zombie or alive), pipe descriptor, pump thread or task behind:
 * the {@code @AsyncioTest} leak checks compare the whole process before and after. It takes a few seconds, so it runs
 * in both scheduling modes (not tagged soak).
 */
class SubprocessSoakTest {
    private static final int CYCLES = 1_000;

    @AsyncioTest(realClock = true)
    void aThousandSpawnKillCancelCyclesLeakNothing() throws Exception {
        for (int i = 0; i < CYCLES; i++) {
            Subprocess p = Subprocess.exec(List.of("sleep", "100"), SubprocessOptions.pipes());
            switch (i % 4) {
                case 0 -> { // a cancelled read, then kill
                    Task<byte[]> read = Asyncio.createTask(() -> p.stdout().read(10));
                    Asyncio.sleep(Duration.ZERO);
                    read.cancel();
                    assertThatThrownBy(read::await).isInstanceOf(CancelledException.class);
                    p.kill();
                }
                case 1 -> { // a cancelled awaitExit, then terminate
                    Task<Integer> wait = Asyncio.createTask(p::awaitExit);
                    Asyncio.sleep(Duration.ZERO);
                    wait.cancel();
                    assertThatThrownBy(wait::await).isInstanceOf(CancelledException.class);
                    p.terminate();
                }
                case 2 -> { // a communicate that times out, then close (kills)
                    assertThatThrownBy(() -> p.communicate(new byte[100_000], Duration.ofMillis(1)))
                            .isInstanceOf(TimeoutException.class);
                    p.close();
                }
                default -> { // pending stdin bytes, then kill
                    p.stdin().write(new byte[200_000]);
                    p.kill();
                }
            }
            assertThat(p.awaitExit()).isNegative();
        }
        assertThat(ProcessHandle.current().children().count()).isZero(); // a zombie is listed until reaped
    }
}
