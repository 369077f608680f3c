package io.jasyncio.process;

import io.jasyncio.net.BaseProtocol;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Callbacks for a child process started by {@link Subprocesses#subprocessExec} (asyncio's
 * {@code SubprocessProtocol}).
 *
 * {@snippet :
 * class Collect implements SubprocessProtocol {
 *     final ByteArrayOutputStream out = new ByteArrayOutputStream();
 *     public void pipeDataReceived(int fd, ByteBuffer data) {
 *         byte[] b = new byte[data.remaining()];
 *         data.get(b);
 *         out.writeBytes(b);
 *     }
 *     public void processExited() { System.out.println("exited"); }
 * }
 * }
 *
 * <p>Order: {@code connectionMade}, then {@code pipeDataReceived}* and one {@code pipeConnectionLost} per pipe, and
 * {@code processExited} (in any order relative to the pipes' callbacks), then one {@code connectionLost} once the
 * child exited and every pipe closed. {@code pauseWriting}/{@code resumeWriting} follow the stdin pipe's buffer.
 *
 * <p><b>Thread safety:</b> the loop calls these methods from its own thread (its callback runner) only.
 */
public interface SubprocessProtocol extends BaseProtocol {

    /**
     * Called once the child runs and its pipes are connected.
     *
     * @param transport the child's transport
     */
    default void connectionMade(SubprocessTransport transport) {}

    /**
     * Called with bytes the child wrote to stdout (1) or stderr (2).
     *
     * <p><b>Ownership:</b> the buffer is lent for the duration of this call: copy what you keep.
     *
     * @param fd 1 or 2
     * @param data the bytes, from position to limit
     */
    default void pipeDataReceived(int fd, ByteBuffer data) {}

    /**
     * Called when a pipe closed: the child's stdout or stderr ended (1, 2), or its stdin pipe was closed (0).
     *
     * @param fd 0, 1 or 2
     * @param exception the error, or {@code null} for end of file or a regular close
     */
    default void pipeConnectionLost(int fd, @Nullable Exception exception) {}

    /** Called once when the child exited; {@link SubprocessTransport#returnCode()} has its status. */
    default void processExited() {}
}
