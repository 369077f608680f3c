package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.testing.AsyncioTest;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Cancelling a connect exactly as it succeeds leaves no socket behind. */
class ConnectCancellationTest {

    @AsyncioTest(realClock = true)
    void aSocketThatConnectedAsTheConnectingTaskWasCancelledIsClosed() throws Exception {
        Future<byte[]> seen = Asyncio.loop().createFuture();
        try (Server server = Streams.startServer(
                (r, w) -> {
                    seen.setResult(r.read(-1)); // returns once the client closed its end
                    w.close();
                },
                "127.0.0.1",
                0)) {
            ConnectOptions options = ConnectOptions.defaults().withHappyEyeballsDelay(Duration.ofMillis(50));
            Task<Connection> connecting = Asyncio.createTask(
                    () -> Streams.openConnection("127.0.0.1", server.port(), options, StreamReader.DEFAULT_LIMIT));
            Task<?> attempt = null;
            while (attempt == null) {
                Asyncio.sleep(Duration.ZERO);
                attempt = findAttempt();
            }
            // runs right after Happy Eyeballs' own done callback picked the winner and woke the connecting task,
            // before that task resumed: its await throws, and the connected socket must not be left open
            attempt.addDoneCallback(done -> connecting.cancel());
            assertThatThrownBy(connecting::await).isInstanceOf(CancelledException.class);
            assertThat(Asyncio.waitFor(seen, Duration.ofSeconds(10))).isEmpty();
        }
    }

    private static @Nullable Task<?> findAttempt() {
        return Asyncio.allTasks().stream()
                .filter(t -> t.name().startsWith("happy-eyeballs"))
                .findFirst()
                .orElse(null);
    }
}
