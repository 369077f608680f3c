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
    static <T, X extends Exception> T run(CheckedCallable<T, X> body) throws X {
        return Asyncio.run(body, virtual());
    }

    /** Runs {@code body}, which returns nothing, as the main task of a new loop on a virtual clock. */
    static <X extends Exception> void run(CheckedRunnable<X> body) throws X {
        Asyncio.run(body, virtual());
    }

    /** Runs {@code body} as the main task of a new loop on the real clock. */
    static <T, X extends Exception> T runReal(CheckedCallable<T, X> body) throws X {
        return Asyncio.run(body);
    }

    /** Runs {@code body}, which returns nothing, as the main task of a new loop on the real clock. */
    static <X extends Exception> void runReal(CheckedRunnable<X> body) throws X {
        Asyncio.run(body);
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
