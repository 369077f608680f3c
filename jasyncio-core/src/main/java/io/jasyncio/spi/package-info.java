/**
 * The loop seam: what futures, tasks, {@code io.jasyncio.sync} and {@code io.jasyncio.net} need from an event
 * loop beyond its public {@code EventLoop} methods ({@link io.jasyncio.spi.LoopCore}), the fibers tasks run on
 * ({@link io.jasyncio.spi.Fiber}) and channel registration ({@link io.jasyncio.spi.IoSource}).
 *
 * <p>It sits below the API: it depends on the JDK only, so {@code io.jasyncio} can build on it while the loop
 * implementation ({@code io.jasyncio.internal}) implements both. Where a task or a loop passes through, it is an
 * {@code Object} the API casts back. Not exported: it is shaped as a service-provider interface (the built-in loop
 * is found with {@link java.util.ServiceLoader} through {@link io.jasyncio.spi.LoopFactory}), and becomes one once a
 * second loop exists to prove it (docs/design.md, "The loop seam").
 */
@NullMarked
package io.jasyncio.spi;

import org.jspecify.annotations.NullMarked;
