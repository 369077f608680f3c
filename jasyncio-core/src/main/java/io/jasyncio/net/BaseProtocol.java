package io.jasyncio.net;

import org.jspecify.annotations.Nullable;

/**
 * The callbacks every protocol receives: the end of the connection and write flow control (asyncio's
 * {@code BaseProtocol}). Implement {@link Protocol}, {@link BufferedProtocol} or {@link DatagramProtocol}.
 *
 * {@snippet :
 * public void pauseWriting() { producer.pause(); }   // the transport's buffer is above its high-water mark
 * public void resumeWriting() { producer.resume(); } // and back at or below its low-water mark
 * }
 *
 * <p>Callbacks run on the loop (in its callback runner, never on the bare carrier), one at a time.
 *
 * <p><b>Thread safety:</b> the loop calls these methods from its own thread only.
 */
public interface BaseProtocol {

    /**
     * Called once when the connection ends: after {@code close()}, {@code abort()}, end of file on both sides,
     * or an error.
     *
     * @param exception the error, or {@code null} for a regular close or end of file
     */
    default void connectionLost(@Nullable Exception exception) {}

    /** Called when the transport's write buffer rises above its high-water mark. */
    default void pauseWriting() {}

    /** Called when the transport's write buffer drains to its low-water mark. */
    default void resumeWriting() {}
}
