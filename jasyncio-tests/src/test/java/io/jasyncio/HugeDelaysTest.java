package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.net.ConnectOptions;
import io.jasyncio.net.Connection;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Streams;
import io.jasyncio.testing.AsyncioTest;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.NullUnmarked;
import org.junit.jupiter.api.Test;

/** A delay too large to add to the clock means "never", not "at once" nor a frozen loop. */
@NullUnmarked
class HugeDelaysTest {

    private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

    @AsyncioTest
    void aSleepOfLongMaxValueNanosSleepsWhileOtherTimersStillFire() throws Exception {
        assertSleepsForeverWhileATimerFires();
    }

    @AsyncioTest(realClock = true)
    void aSleepOfLongMaxValueNanosSleepsOnTheRealClockToo() throws Exception {
        assertSleepsForeverWhileATimerFires();
    }

    private static void assertSleepsForeverWhileATimerFires() throws Exception {
        List<String> seen = new ArrayList<>();
        Task<?> sleeper = Asyncio.createTask("sleeper", () -> {
            try {
                Asyncio.sleep(FOREVER);
                seen.add("woke up");
            } catch (CancelledException e) {
                seen.add("cancelled");
                throw e;
            }
            return null;
        });
        Future<Void> fired = Asyncio.loop().createFuture();
        Asyncio.loop().callLater(Duration.ofMillis(20), () -> {
            seen.add("timer");
            fired.setResult(null);
        });
        fired.await();
        Asyncio.sleep(Duration.ofMillis(20));
        assertThat(sleeper.isDone()).isFalse();
        sleeper.cancel();
        Asyncio.gatherSettled(List.of(sleeper));
        assertThat(seen).containsExactly("timer", "cancelled");
    }

    @AsyncioTest
    void callLaterWithAHugeDelayNeverFiresAndDoesNotStopOtherTimers() throws Exception {
        EventLoop loop = Asyncio.loop();
        List<String> seen = new ArrayList<>();
        TimerHandle never = loop.callLater(FOREVER, () -> seen.add("never"));
        TimerHandle never2 = loop.callLater(Duration.ofSeconds(Long.MAX_VALUE), () -> seen.add("never2"));
        assertThat(never.when()).isGreaterThan(loop.time());
        assertThat(never2.when()).isGreaterThan(loop.time());
        Future<Void> fired = loop.createFuture();
        loop.callLater(Duration.ofMillis(10), () -> {
            seen.add("soon");
            fired.setResult(null);
        });
        fired.await();
        Asyncio.sleep(Duration.ofSeconds(1));
        never.cancel();
        never2.cancel();
        assertThat(seen).containsExactly("soon");
    }

    @Test
    void aConnectTimeoutOfLongMaxValueNanosDoesNotTimeOutAtOnce() throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
            boolean connected = Loops.runReal(() -> {
                Connection c = Streams.openConnection(
                        "127.0.0.1",
                        port,
                        ConnectOptions.defaults().withConnectTimeout(FOREVER),
                        StreamReader.DEFAULT_LIMIT);
                c.close();
                return true;
            });
            assertThat(connected).isTrue();
        }
    }
}
