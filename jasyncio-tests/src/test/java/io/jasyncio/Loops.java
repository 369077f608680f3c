package io.jasyncio;

import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.testing.VirtualClock;

/** Helpers for tests that drive a loop by hand (most tests use {@code @AsyncioTest} instead). */
final class Loops {
    private Loops() {}

    /** Options with a virtual clock: timers fire as soon as every task waits. */
    static LoopOptions virtual() {
        return LoopOptions.defaults().withClock(new VirtualClock());
    }

    /** Runs {@code body} as the main task of a new loop on a virtual clock. */
    static <T> T run(AsyncCallable<T> body) throws Exception {
        return Asyncio.run(body, virtual());
    }

    /** Runs {@code body} as the main task of a new loop on the real clock. */
    static <T> T runReal(AsyncCallable<T> body) throws Exception {
        return Asyncio.run(body);
    }

    /** The running loop, as the implementation class (for its test hooks). */
    static SelectorEventLoop loop() {
        return (SelectorEventLoop) Asyncio.loop();
    }

    /** Lets every ready task and callback run once (and those they schedule, {@code n} passes deep). */
    static void yieldTimes(int n) {
        for (int i = 0; i < n; i++) {
            Asyncio.sleep(java.time.Duration.ZERO);
        }
    }
}
