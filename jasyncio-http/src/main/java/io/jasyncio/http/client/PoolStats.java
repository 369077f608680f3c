package io.jasyncio.http.client;

/**
 * A snapshot of a connector's pool ({@link Connector#stats()}); {@code open == idle + inUse + opening} always holds.
 * After every request of a session has been released, {@code inUse}, {@code opening} and {@code waiting} are 0.
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param open all connections
 * @param idle kept alive, waiting for a request
 * @param inUse carrying a request
 * @param opening being connected
 * @param waiting tasks waiting for a slot
 */
public record PoolStats(int open, int idle, int inUse, int opening, int waiting) {}
