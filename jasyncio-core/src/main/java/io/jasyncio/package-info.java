/**
 * The asyncio model for Java: an event loop per thread, tasks that read like sequential code and
 * run on virtual threads scheduled by the loop, futures, cancellation and timeouts. {@code Asyncio}
 * is the entry point ({@code Asyncio.run}, {@code createTask}, {@code sleep}, {@code gather},
 * {@code withTimeout}); {@code EventLoop} is the lower callback layer. Every type says whether it is
 * confined to its loop or thread-safe. Types are non-null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.jasyncio;

import org.jspecify.annotations.NullMarked;
