package io.jasyncio.net;

import java.io.IOException;
import java.io.Serial;

/**
 * A separator was not found within the reader's limit (asyncio's {@code LimitOverrunError}).
 *
 * {@snippet :
 * try {
 *     byte[] line = reader.readLine();
 * } catch (LimitOverrunException e) {
 *     // the over-long line was discarded; the reader can go on
 * }
 * }
 *
 * <p>{@link StreamReader#readUntil} leaves the data in the buffer ({@link #consumed()} says how much to skip);
 * {@link StreamReader#readLine} discards the over-long line (up to and including its separator if it arrived,
 * else everything buffered), as asyncio does.
 *
 * <p><b>Thread safety:</b> immutable.
 */
public final class LimitOverrunException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    private final int consumed;

    /**
     * Creates the exception.
     *
     * @param message what happened
     * @param consumed how many bytes would have to be consumed to get past the problem
     */
    public LimitOverrunException(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * Returns how many buffered bytes would have to be consumed to get past the problem.
     *
     * @return bytes
     */
    public int consumed() {
        return consumed;
    }
}
