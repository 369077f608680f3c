package io.jasyncio.process;

import io.jasyncio.net.BaseTransport;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A running (or exited) child process seen from a {@link SubprocessProtocol} (asyncio's
 * {@code SubprocessTransport}).
 *
 * {@snippet :
 * Transport stdin = transport.getPipeTransport(0);
 * stdin.write("hello\n");
 * stdin.close();               // the child reads end of file
 * transport.terminate();       // SIGTERM
 * }
 *
 * <h2>Exit status</h2>
 * {@link #returnCode()} is the exit status once the child exited, or minus the signal number when it was killed by
 * a signal this transport sent (asyncio's convention). The JDK reports a death by signal {@code n} as
 * {@code 128 + n}, the same number a child exiting with that status reports; so a status of {@code 128 + n} is
 * read as signal {@code n} only when this transport sent {@code n}. A signal from elsewhere shows as {@code 128 + n}.
 *
 * <h2>Signals</h2>
 * {@link #terminate()} and {@link #kill()} use the JDK's {@code ProcessHandle.destroy}/{@code destroyForcibly}
 * ({@code Process.destroy} would also close this process's ends of the pipes, losing what the child wrote). Other
 * signals, and signals to a process group, call {@code kill(2)} through the FFM API when native access is enabled
 * for jasyncio ({@code --enable-native-access=io.jasyncio} on the module path, {@code =ALL-UNNAMED} on the class
 * path), and otherwise run the {@code kill} program (the JDK has no call for them). Sending a signal to a child that
 * exited does nothing, as in asyncio.
 *
 * <p><b>Thread safety:</b> loop-confined.
 */
public interface SubprocessTransport extends BaseTransport {
    /** {@code SIGHUP}. */
    int SIGHUP = 1;
    /** {@code SIGINT}. */
    int SIGINT = 2;
    /** {@code SIGKILL}. */
    int SIGKILL = 9;
    /** {@code SIGTERM}. */
    int SIGTERM = 15;
    /** {@code SIGCONT} (Linux). */
    int SIGCONT = 18;
    /** {@code SIGSTOP} (Linux). */
    int SIGSTOP = 19;

    /**
     * Returns the child's process id.
     *
     * @return the pid
     */
    long pid();

    /**
     * Returns the exit status once the child exited (see "Exit status" above), or empty while it runs.
     *
     * @return the status
     */
    OptionalInt returnCode();

    /**
     * Returns the transport of a pipe: 0 (stdin, write-only), 1 (stdout) or 2 (stderr) (both read-only: their
     * {@code write} throws {@link UnsupportedOperationException}).
     *
     * @param fd 0, 1 or 2
     * @return the pipe's transport, or {@code null} if that stream is not a {@link Redirect#PIPE}
     */
    @Nullable
    Transport getPipeTransport(int fd);

    /**
     * Sends a signal to the child (nothing if it exited).
     *
     * @param signal the signal number, e.g. {@link #SIGTERM}
     * @throws IOException if the signal could not be sent
     * @throws IllegalArgumentException if the number is not a signal (1 to 64)
     */
    void sendSignal(int signal) throws IOException;

    /**
     * Sends a signal to the child's process group, which the child leads when started with
     * {@link SubprocessOptions#withNewProcessGroup}: its own children get it too.
     *
     * @param signal the signal number
     * @throws IOException if the signal could not be sent
     * @throws IllegalStateException if the child was not started in a new process group
     */
    void sendSignalToGroup(int signal) throws IOException;

    /** Sends {@code SIGTERM} (nothing if the child exited). */
    void terminate();

    /** Sends {@code SIGKILL} (nothing if the child exited). */
    void kill();

    /**
     * Closes the pipes and, if the child still runs, kills it ({@code SIGKILL}), as asyncio does;
     * {@code connectionLost} follows once it exited. Idempotent.
     */
    @Override
    void close();
}
