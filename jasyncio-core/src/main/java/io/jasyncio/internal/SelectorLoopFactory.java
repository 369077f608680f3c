package io.jasyncio.internal;

import io.jasyncio.EventLoop;
import io.jasyncio.LoopOptions;
import io.jasyncio.spi.LoopFactory;

/** Opens {@link SelectorEventLoop}s; the service {@code EventLoop.open} finds (module-info and META-INF/services). */
public final class SelectorLoopFactory implements LoopFactory<LoopOptions, EventLoop> {
    /** The service loader's constructor. */
    public SelectorLoopFactory() {}

    @Override
    public EventLoop open(LoopOptions options) {
        return new SelectorEventLoop(options);
    }
}
