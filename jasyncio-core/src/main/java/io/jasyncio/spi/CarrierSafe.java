package io.jasyncio.spi;

/**
 * Marks library code (protocols, factories) that never blocks and may therefore run directly on the loop's
 * carrier thread instead of in the callback runner: transports call such a protocol inline, saving a virtual
 * thread switch per event. User code must never implement it.
 */
public interface CarrierSafe {}
