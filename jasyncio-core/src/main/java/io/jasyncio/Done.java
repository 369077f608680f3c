package io.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait(java.util.Collection, ReturnWhen, java.time.Duration)} returns: the awaitables that
 * are done and those still pending, each in the order they were given.
 *
 * {@snippet :
 * Done<Task<String>> d = Asyncio.wait(List.of(a, b), ReturnWhen.FIRST_COMPLETED, Duration.ofSeconds(1));
 * for (Task<String> t : d.done()) {
 *     System.out.println(t.await()); // done: returns at once
 * }
 * d.pending().forEach(Task::cancel);
 * }
 *
 * <h2>Thread safety</h2>
 * Immutable (the sets are unmodifiable; the awaitables themselves are loop-confined).
 *
 * @param done the awaitables that are done
 * @param pending the awaitables that are not
 * @param <A> the awaitable type
 */
public record Done<A extends Awaitable<?>>(Set<A> done, Set<A> pending) {

    /**
     * Copies the sets.
     *
     * @param done the done awaitables
     * @param pending the pending awaitables
     */
    public Done {
        done = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(done));
        pending = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(pending));
    }
}
