/**
 * jasyncio core: Python's asyncio model on Java 25 virtual threads.
 *
 * <p>Depends on the JDK only; JSpecify nullness annotations are needed at compile time only.
 */
module io.jasyncio {
    requires static transitive org.jspecify;

// exports io.jasyncio arrives with its first public type: javac rejects exporting an empty package.
}
