package io.jasyncio.process;

import io.jasyncio.EventLoop;
import io.jasyncio.net.Connected;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

/**
 * A loop's subprocess support at the callback layer (asyncio's {@code loop.subprocess_exec} and
 * {@code loop.subprocess_shell}): starts a child and wires its pipes to a {@link SubprocessProtocol}.
 * {@link Subprocess} builds the task-level API on it. Reached as {@code Subprocesses.of(loop)}, as the loop's
 * networking is ({@code Networking.of(loop)}): the loop's public interface stays small, and a loop implementation
 * without processes can say so.
 *
 * {@snippet :
 * Connected<SubprocessTransport, Collect> c = Subprocesses.of(Asyncio.loop())
 *         .subprocessExec(Collect::new, List.of("ls", "-l"), SubprocessOptions.defaults().withStdout(Redirect.PIPE));
 * }
 *
 * <p>Every method must be called from a task of the loop it belongs to (it is loop-confined). The loop provides the
 * implementation; do not implement this interface.
 */
public interface Subprocesses {
    /**
     * Returns the subprocess support of a loop.
     *
     * @param loop the loop
     * @return its subprocess support
     * @throws UnsupportedOperationException if the loop has none
     */
    static Subprocesses of(EventLoop loop) {
        Subprocesses s = LoopCore.of(loop).component(Subprocesses.class);
        if (s == null) {
            throw new UnsupportedOperationException("this event loop has no subprocess support: " + loop);
        }
        return s;
    }

    /**
     * Starts {@code argv} (no shell involved) and wires it to a protocol made by {@code factory}; returns once
     * {@code connectionMade} ran. The program is looked up on this process's {@code PATH} unless it contains a
     * {@code /}. Starting the child runs on the calling thread, as asyncio's does (about a millisecond).
     *
     * <p><b>Cancellation:</b> the child was started already; a cancelled wait for {@code connectionMade} closes
     * the transport, which kills the child.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param argv the program and its arguments
     * @param options where the streams go, directory, environment, process group
     * @return the transport and protocol
     * @throws IOException if the child could not be started; a missing program is named in the message
     *     ("Cannot run program "nosuch": error=2, No such file or directory")
     * @throws IllegalArgumentException if {@code argv} is empty
     */
    <P extends SubprocessProtocol> Connected<SubprocessTransport, P> subprocessExec(
            Supplier<P> factory, List<String> argv, SubprocessOptions options) throws IOException;

    /**
     * Runs {@code command} with {@code /bin/sh -c}; otherwise as {@link #subprocessExec}. Quote what comes from
     * users with {@link Subprocess#quote(String)}.
     *
     * <p><b>Cancellation:</b> as {@link #subprocessExec}.
     *
     * @param <P> the protocol type
     * @param factory makes the protocol
     * @param command the shell command
     * @param options where the streams go, directory, environment, process group
     * @return the transport and protocol
     * @throws IOException if the shell could not be started (a missing program inside the command is the shell's
     *     business: exit status 127 and a message on stderr)
     */
    <P extends SubprocessProtocol> Connected<SubprocessTransport, P> subprocessShell(
            Supplier<P> factory, String command, SubprocessOptions options) throws IOException;
}
