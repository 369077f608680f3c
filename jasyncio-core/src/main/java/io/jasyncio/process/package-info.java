/**
 * Child processes with asynchronous pipes (asyncio's {@code create_subprocess_exec}/{@code _shell} and the
 * subprocess transports and protocols).
 *
 * <h2>Which one to use</h2>
 * <ul>
 *   <li>{@link io.jasyncio.process.Subprocess}: a task starts a child and talks to it through a
 *       {@link io.jasyncio.net.StreamWriter} (stdin) and {@link io.jasyncio.net.StreamReader}s (stdout, stderr),
 *       or {@link io.jasyncio.process.Subprocess#communicate communicate}s; the usual choice.
 *   <li>{@link io.jasyncio.process.Subprocesses} with a {@link io.jasyncio.process.SubprocessProtocol}: callbacks
 *       for each pipe's data and the exit, no task per child.
 * </ul>
 * {@link io.jasyncio.process.SubprocessOptions} says where each standard stream goes
 * ({@link io.jasyncio.process.Redirect}), the working directory, the environment and the process group.
 *
 * <p>Pipes are read and written by pump threads, never by the loop's thread (see docs/design.md, "Subprocesses").
 * Everything here is loop-confined unless its Javadoc says otherwise.
 */
@NullMarked
package io.jasyncio.process;

import org.jspecify.annotations.NullMarked;
