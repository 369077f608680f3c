package io.jasyncio;

/**
 * Service-provider interface for loop implementations, found with {@link java.util.ServiceLoader} (as uvloop
 * plugs into asyncio). The built-in provider is named {@code "nio"} and is the default; choose another with
 * {@link LoopOptions#withProvider(String)} or the {@code jasyncio.loop} system property.
 */
public interface EventLoopProvider {
    /**
     * Returns the provider's name, as used by {@link LoopOptions#provider()}.
     *
     * @return the name
     */
    String name();

    /**
     * Opens a new loop.
     *
     * @param options the options
     * @return a new, not yet running loop
     */
    EventLoop open(LoopOptions options);
}
