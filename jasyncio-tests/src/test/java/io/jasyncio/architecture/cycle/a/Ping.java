package io.jasyncio.architecture.cycle.a;

import io.jasyncio.architecture.cycle.b.Pong;

/** Half of a package cycle that the architecture rules must reject (their positive control). */
public final class Ping {
    private Ping() {}

    /** Reaches the other package. */
    public static int next(int n) {
        return n > 0 ? Pong.next(n - 1) : 0;
    }
}
