package io.jasyncio.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.jasyncio.testing.AsyncioTest;
import java.io.IOException;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;

/**
 * A hundred thousand connect/close cycles against one server leave no descriptor, task or thread behind (the
 * {@code @AsyncioTest} leak checks compare the whole process before and after). Tagged {@value #TAG}: the build
 * runs it in one scheduling mode only (see {@code jasyncio-tests/pom.xml}), as it tests the transports' cleanup,
 * not the scheduler.
 */
@Tag(ConnectCloseSoakTest.TAG)
class ConnectCloseSoakTest {
    /** The tag of long tests that the compatibility-mode execution leaves out. */
    static final String TAG = "soak";

    private static final int CYCLES = 102_000;

    @AsyncioTest(realClock = true)
    void aHundredThousandConnectCloseCyclesLeakNothing() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        Server server = Streams.startServer(
                (r, w) -> {
                    try {
                        r.read(-1);
                    } catch (SocketException reset) {
                        // the abortive cycles end with a reset: nothing to echo
                    }
                    w.close();
                    handled.incrementAndGet();
                },
                "127.0.0.1",
                0);
        try {
            // graceful closes leave each client port in TIME_WAIT for 60 s (about 28k ports exist) ...
            for (int i = 0; i < 2_000; i++) {
                cycle(server.port());
            }
            // ... so the 100k cycles end with an abort (a reset leaves no TIME_WAIT behind)
            for (int i = 0; i < 100_000; i++) {
                abortiveCycle(server.port());
            }
            // a client's connect returns once the kernel queued the connection; the server accepts it later
            Polling.until(() -> handled.get() == CYCLES, "the server handled every connection");
        } finally {
            server.close();
        }
        server.awaitClosed(); // every accepted connection has ended: its socket is closed
        assertThat(handled).hasValue(CYCLES);
    }

    private static void cycle(int port) throws IOException {
        Connection c = Streams.openConnection("127.0.0.1", port);
        c.writer().writeEof();
        c.reader().read(-1);
        c.close();
        c.writer().awaitClosed();
    }

    private static void abortiveCycle(int port) throws IOException {
        Connection c = Streams.openConnection("127.0.0.1", port);
        c.writer().transport().abort();
        c.writer().awaitClosed();
    }
}
