package io.jasyncio.spi;

/**
 * Opens the built-in loop. {@code EventLoop.open} finds it with {@link java.util.ServiceLoader} (module-info
 * {@code provides}, {@code META-INF/services} on the class path), so the API names no implementation class.
 *
 * @param <O> the options type ({@code io.jasyncio.LoopOptions}: this package cannot name it)
 * @param <L> the loop type ({@code io.jasyncio.EventLoop})
 */
public interface LoopFactory<O, L> {
    /** Opens a new, not yet running loop. */
    L open(O options);
}
