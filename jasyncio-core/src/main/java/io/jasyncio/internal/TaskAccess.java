package io.jasyncio.internal;

import io.jasyncio.AsyncCallable;
import io.jasyncio.Awaitable;
import io.jasyncio.Future;
import io.jasyncio.Task;
import java.lang.invoke.MethodHandles;
import org.jspecify.annotations.Nullable;

/**
 * Gives the loop implementation access to the package-private parts of {@link Future} and {@link Task}
 * without making them public API (the JDK's "shared secrets" pattern). {@code io.jasyncio} installs the
 * bridge when its future class is initialised.
 */
public final class TaskAccess {

    /** What {@code io.jasyncio} provides to the loop. */
    public interface Bridge {
        /**
         * Creates a pending future.
         *
         * @param <T> the result type
         * @param loop the loop
         * @return the future
         */
        <T extends @Nullable Object> Future<T> newFuture(SelectorEventLoop loop);

        /**
         * Creates a task (not started).
         *
         * @param <T> the result type
         * @param loop the loop
         * @param name the name
         * @param body the body
         * @param context the context-variable values to start with, or {@code null}
         * @return the task
         */
        <T extends @Nullable Object> Task<T> newTask(
                SelectorEventLoop loop, String name, AsyncCallable<T> body, @Nullable Object context);

        /**
         * Returns a task's fiber.
         *
         * @param task the task
         * @return the fiber
         */
        Fiber fiber(Task<?> task);

        /**
         * Returns a task's context-variable values.
         *
         * @param task the task
         * @return the context
         */
        Object context(Task<?> task);

        /**
         * Returns a done awaitable's outcome the way {@code await()} does.
         *
         * @param <T> the result type
         * @param awaitable the awaitable
         * @return the result
         */
        <T extends @Nullable Object> T report(Awaitable<T> awaitable);
    }

    private static @Nullable Bridge bridge;

    private TaskAccess() {}

    /**
     * Installs the bridge; called once by {@code io.jasyncio}.
     *
     * @param b the bridge
     */
    public static void install(Bridge b) {
        bridge = b;
    }

    private static Bridge bridge() {
        Bridge b = bridge;
        if (b == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Task.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            b = bridge;
            if (b == null) {
                throw new IllegalStateException("io.jasyncio did not install its bridge");
            }
        }
        return b;
    }

    static <T extends @Nullable Object> Future<T> newFuture(SelectorEventLoop loop) {
        return bridge().newFuture(loop);
    }

    static <T extends @Nullable Object> Task<T> newTask(
            SelectorEventLoop loop, String name, AsyncCallable<T> body, @Nullable Object context) {
        return bridge().newTask(loop, name, body, context);
    }

    static Fiber fiber(Task<?> task) {
        return bridge().fiber(task);
    }

    static Object context(Task<?> task) {
        return bridge().context(task);
    }

    static <T extends @Nullable Object> T report(Awaitable<T> awaitable) {
        return bridge().report(awaitable);
    }
}
