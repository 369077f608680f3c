package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.spi.LoopCore;

/**
 * A loop as the networking code sees it: its public methods ({@link EventLoop}) and the seam ({@link LoopCore}).
 * Adds nothing; every loop of jasyncio is both, and the built-in one declares this type so that transports hold
 * one reference.
 */
public interface NetLoop extends EventLoop, LoopCore {
    /** Returns the networking view of a loop of jasyncio. */
    static NetLoop of(EventLoop loop) {
        if (loop instanceof NetLoop n) {
            return n;
        }
        throw new UnsupportedOperationException("networking needs an event loop of jasyncio, not " + loop);
    }
}
