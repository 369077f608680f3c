package io.jasyncio.architecture.cycle.b;

import io.jasyncio.architecture.cycle.a.Ping;

/** The other half of the package cycle of {@link Ping}. */
public final class Pong {
    private Pong() {}

    /** Reaches back into the first package. */
    public static int next(int n) {
        return n > 0 ? Ping.next(n - 1) : 0;
    }
}
