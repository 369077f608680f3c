/**
 * jasyncio: Python's asyncio model for Java. See {@link io.jasyncio.Asyncio} to start.
 */
module io.jasyncio {
    requires static transitive org.jspecify;
    requires jdk.unsupported;

    exports io.jasyncio;
    exports io.jasyncio.files;
    exports io.jasyncio.net;
    exports io.jasyncio.sync;

    uses io.jasyncio.EventLoopProvider;
}
