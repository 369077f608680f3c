/**
 * jasyncio: Python's asyncio model for Java. See {@link io.jasyncio.Asyncio} to start.
 */
module io.jasyncio {
    requires static transitive org.jspecify;
    requires jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.files;
    exports io.jasyncio.net;
    exports io.jasyncio.process;
    exports io.jasyncio.sync;

    // the built-in loop, found through the (unexported) loop seam so that the API names no implementation
    uses io.jasyncio.spi.LoopFactory;

    provides io.jasyncio.spi.LoopFactory with
            io.jasyncio.internal.SelectorLoopFactory;
}
