package io.jasyncio;

import io.jasyncio.spi.Fiber;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A variable with a value per task (asyncio's {@code contextvars.ContextVar}): a new task starts with a copy of
 * its creator's values, so changes made in a task are seen by the tasks it creates afterwards but never by its
 * creator or siblings. Callbacks see the values of the task that scheduled them.
 *
 * {@snippet :
 * static final ContextVar<String> REQUEST_ID = ContextVar.of("request-id", "-");
 *
 * REQUEST_ID.set("42");
 * Asyncio.createTask(() -> log(REQUEST_ID.get())).await(); // logs 42
 * }
 *
 * <p>Use it instead of {@link ThreadLocal}: every task is its own thread, so thread-locals would be per task
 * and would not be inherited. Outside loop code, {@link #get()} returns the default and {@link #set} throws.
 *
 * <p><b>Thread safety:</b> reads and writes act on the calling task's values; no locking is needed.
 *
 * @param <T> the value type
 */
public final class ContextVar<T> {
    private final String name;
    private final @Nullable T defaultValue;

    private ContextVar(String name, @Nullable T defaultValue) {
        this.name = Objects.requireNonNull(name, "name");
        this.defaultValue = defaultValue;
    }

    /**
     * Creates a variable with a default value.
     *
     * @param name a name for {@code toString}
     * @param defaultValue the value seen where none was set
     * @return the variable
     */
    public static <T> ContextVar<T> of(String name, T defaultValue) {
        return new ContextVar<>(name, Objects.requireNonNull(defaultValue, "defaultValue"));
    }

    /**
     * Creates a variable without a default value.
     *
     * @param name a name for {@code toString}
     * @return the variable
     */
    public static <T> ContextVar<T> of(String name) {
        return new ContextVar<>(name, null);
    }

    /** Returns the name. */
    public String name() {
        return name;
    }

    /**
     * Returns the current task's value, or the default.
     *
     * @throws IllegalStateException if there is neither a value nor a default
     */
    public T get() {
        Object v = values().get(this);
        if (v != null) {
            return cast(v);
        }
        if (defaultValue == null) {
            throw new IllegalStateException("context variable '" + name + "' has no value");
        }
        return defaultValue;
    }

    /**
     * Returns the current task's value, or {@code fallback}.
     *
     * @param fallback the value to return when none is set
     */
    public @Nullable T getOrElse(@Nullable T fallback) {
        Object v = values().get(this);
        return v != null ? cast(v) : fallback;
    }

    /**
     * Sets the current task's value.
     *
     * @return a token for {@link #reset(Token)}
     * @throws IllegalStateException outside a task or callback of a loop
     */
    public Token<T> set(T value) {
        Objects.requireNonNull(value, "value");
        Map<ContextVar<?>, Object> old = values();
        Object previous = old.get(this);
        Map<ContextVar<?>, Object> next = new HashMap<>(old);
        next.put(this, value);
        replace(Map.copyOf(next));
        return new Token<>(this, previous == null ? null : cast(previous));
    }

    /**
     * Restores the value seen before the {@link #set} that returned the token.
     *
     * @throws IllegalArgumentException if the token belongs to another variable
     */
    public void reset(Token<T> token) {
        if (token.variable() != this) {
            throw new IllegalArgumentException("token of another variable");
        }
        Map<ContextVar<?>, Object> next = new HashMap<>(values());
        T previous = token.previous();
        if (previous == null) {
            next.remove(this);
        } else {
            next.put(this, previous);
        }
        replace(Map.copyOf(next));
    }

    @SuppressWarnings("unchecked")
    private T cast(Object v) {
        return (T) v;
    }

    @SuppressWarnings("unchecked") // a fiber's context holds what replace() put there
    private static Map<ContextVar<?>, Object> values() {
        Fiber f = Fiber.current();
        Object c = f == null ? null : f.context();
        return c == null ? Map.of() : (Map<ContextVar<?>, Object>) c;
    }

    private static void replace(Map<ContextVar<?>, Object> values) {
        Fiber f = Fiber.current();
        if (f == null) {
            throw new IllegalStateException("context variables can be set only in a task or loop callback");
        }
        f.setContext(values);
    }

    @Override
    public String toString() {
        return "ContextVar[" + name + "]";
    }

    /**
     * The value a variable had before a {@link ContextVar#set}, to undo it with {@link ContextVar#reset}.
     *
     * @param <T> the value type
     * @param variable the variable
     * @param previous the previous value, or {@code null} if it had none
     */
    public record Token<T>(ContextVar<T> variable, @Nullable T previous) {}
}
