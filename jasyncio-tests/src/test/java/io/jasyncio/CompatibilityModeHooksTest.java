package io.jasyncio;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.net.Connected;
import io.jasyncio.net.DatagramOptions;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import io.jasyncio.net.Networking;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Compatibility mode: a user protocol hook that blocks in a foreign call gets its fiber detached; the transport
 * re-attaches before its own code goes on, so what follows the hook (here: reporting the hook's failure) never runs
 * beside another task's step. The loops are forced into compatibility mode, so this runs in the compat-mode pass.
 */
class CompatibilityModeHooksTest {
    private static final int DATAGRAMS = 8;

    @BeforeEach
    void onlyInTheCompatModeRun() {
        Assumptions.assumeTrue("compat".equals(System.getProperty("jasyncio.expectedMode")));
    }

    @Test
    void whatFollowsABlockedProtocolHookWaitsForTheRunPermit() throws Exception {
        AtomicBoolean tickerInStep = new AtomicBoolean();
        List<Boolean> besideAStep = new CopyOnWriteArrayList<>();
        Asyncio.run(
                () -> {
                    EventLoop loop = Asyncio.loop();
                    Future<Void> allReported = loop.createFuture();
                    // the handler runs where the transport reports the hook's failure: it sees whether a step of
                    // the ticker is running at that moment (it may not be, if the report waited for the permit)
                    loop.setExceptionHandler((l, ctx) -> {
                        besideAStep.add(tickerInStep.get());
                        if (besideAStep.size() == DATAGRAMS) {
                            allReported.trySetResult(null);
                        }
                    });
                    Task<?> ticker = Asyncio.createTask("ticker", () -> {
                        while (true) {
                            tickerInStep.set(true);
                            Blocking.spinMillis(2);
                            tickerInStep.set(false);
                            Asyncio.sleep(Duration.ofMillis(1));
                        }
                    });
                    InetSocketAddress any = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
                    Connected<DatagramTransport, DatagramProtocol> receiver = Networking.of(loop)
                            .createDatagramEndpoint(BlockingThenFailing::new, any, null, DatagramOptions.defaults());
                    Connected<DatagramTransport, DatagramProtocol> sender = Networking.of(loop)
                            .createDatagramEndpoint(BlockingThenFailing::new, any, null, DatagramOptions.defaults());
                    SocketAddress to = (SocketAddress) receiver.transport().extraInfo("sockname");
                    try {
                        for (int i = 0; i < DATAGRAMS; i++) {
                            sender.transport().sendTo(ByteBuffer.wrap(new byte[] {(byte) i}), to);
                            Asyncio.sleep(Duration.ofMillis(3));
                        }
                        Asyncio.waitFor(allReported, Duration.ofSeconds(30));
                    } finally {
                        ticker.cancel();
                        receiver.transport().close();
                        sender.transport().close();
                    }
                },
                LoopOptions.defaults().withMode(SchedulingMode.COMPAT));
        assertThat(besideAStep).hasSize(DATAGRAMS).containsOnly(false);
    }

    /** Blocks in a foreign call (so its fiber is detached), then fails. */
    private static final class BlockingThenFailing implements DatagramProtocol {
        @Override
        public void datagramReceived(ByteBuffer data, SocketAddress from) {
            try {
                Blocking.sleepMillis(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("hook failed after blocking");
        }
    }
}
