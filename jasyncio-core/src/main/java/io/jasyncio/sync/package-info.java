/**
 * Synchronisation primitives and queues for tasks (asyncio's {@code asyncio.locks} and {@code asyncio.queues}).
 *
 * <p>Code between two awaits already runs alone on its loop, so plain fields need no locking. These types are
 * for coordinating tasks <em>across</em> awaits. Choosing one:
 * <ul>
 *   <li>{@link io.jasyncio.sync.Queue} — hand items from producers to consumers, with backpressure when bounded;
 *       {@link io.jasyncio.sync.PriorityQueue} and {@link io.jasyncio.sync.LifoQueue} change the order. Use
 *       {@code taskDone}/{@code join} to wait until work is processed and {@code shutdown} to end it. This is
 *       the right tool most of the time.
 *   <li>{@link io.jasyncio.sync.Event} — tell any number of tasks that something happened, once ("ready",
 *       "stop").
 *   <li>{@link io.jasyncio.sync.Lock} — keep a critical section that itself awaits to one task at a time.
 *   <li>{@link io.jasyncio.sync.Semaphore} — let at most N tasks into a section (bounding concurrency,
 *       connection pools); {@link io.jasyncio.sync.BoundedSemaphore} also catches over-release.
 *   <li>{@link io.jasyncio.sync.Condition} — wait, holding a lock, until shared state satisfies a predicate
 *       that other tasks change.
 *   <li>{@link io.jasyncio.sync.Barrier} — make a fixed number of tasks meet before any goes on.
 *   <li>To pass a single result from one task to another, a {@link io.jasyncio.Future} is simpler than any of
 *       these.
 * </ul>
 *
 * <p><b>Common rules.</b> Every primitive binds to the first event loop that uses it and throws
 * {@link java.lang.IllegalStateException} when used from another loop or thread (go through
 * {@code loop.callSoonThreadsafe}). Waiting is FIFO-fair: what a primitive releases (the lock, a permit, an
 * item) is handed directly to the task that has waited longest, so no later task can barge in. Every waiting
 * method is cancellation-safe: a task cancelled while waiting leaves no trace (a cancelled
 * {@code Lock.acquire} never holds the lock, a cancelled {@code Semaphore.acquire} keeps no permit, a cancelled
 * {@code Queue.get} loses no item and a cancelled {@code put} adds none). That holds also when the lock, the
 * permit, the item or the room had already been handed to the task but the task was cancelled before it
 * resumed: as in asyncio, its wait throws {@link io.jasyncio.CancelledException} and what it was handed goes on
 * to the next waiting task (an item with no getter waiting goes back into the queue, first out again). All of them are
 * built on one internal wait queue.
 */
@NullMarked
package io.jasyncio.sync;

import org.jspecify.annotations.NullMarked;
