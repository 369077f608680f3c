/**
 * The core of jasyncio: the event loop, futures, tasks and the {@link io.jasyncio.Asyncio} entry points.
 *
 * <p>Start with {@link io.jasyncio.Asyncio#run(io.jasyncio.CheckedCallable)}. A task is a virtual thread scheduled
 * by its loop, so code between two awaits is atomic with respect to the loop's other tasks; see
 * {@link io.jasyncio.Task} and {@link io.jasyncio.EventLoop}.
 */
@NullMarked
package io.jasyncio;

import org.jspecify.annotations.NullMarked;
