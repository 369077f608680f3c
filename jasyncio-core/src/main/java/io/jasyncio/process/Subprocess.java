package io.jasyncio.process;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.TaskGroup;
import io.jasyncio.TaskGroupException;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A child process that a task talks to through streams (asyncio's {@code asyncio.subprocess.Process}, made by
 * {@code create_subprocess_exec}/{@code _shell}).
 *
 * {@snippet :
 * // capture the output
 * Subprocess ls = Subprocess.exec(List.of("ls", "-l"), SubprocessOptions.defaults().withStdout(Redirect.PIPE));
 * Subprocess.Output out = ls.communicate(null);
 * int status = ls.awaitExit();
 *
 * // read lines as the child prints them
 * Subprocess p = Subprocess.exec(List.of("python3", "-u", "ticker.py"),
 *         SubprocessOptions.defaults().withStdout(Redirect.PIPE));
 * for (byte[] line : p.stdout().lines()) {
 *     System.out.print(new String(line, StandardCharsets.UTF_8));
 * }
 * p.awaitExit();
 * }
 *
 * <h2>Pipes</h2>
 * For each stream that is a {@link Redirect#PIPE}, {@link #stdin()} is a {@link StreamWriter} and
 * {@link #stdout()}/{@link #stderr()} are {@link StreamReader}s with every read of the core ({@code readLine},
 * {@code lines()}, {@code readExactly}, {@code read(ByteBuffer)} ...) and the same backpressure: above twice the
 * reader's limit ({@link SubprocessOptions#limit()}) the pipe is no longer read, the child blocks in its
 * {@code write}, and memory stays bounded. The pipes are read and written by pump threads, never by the loop's
 * thread, so a child that trickles output or never writes does not stall other tasks.
 *
 * <h2>The end of a child</h2>
 * {@link #awaitExit()} returns the exit status: minus the signal number when it was killed by a signal this
 * object sent (see {@link SubprocessTransport}, "Exit status"). A child that nobody waits for is not killed when
 * the task or loop ends: kill it, or {@link #close()} it (which kills it if it still runs).
 *
 * <p><b>Thread safety:</b> loop-confined.
 */
public final class Subprocess implements AutoCloseable {
    /** What {@link #quote(String)} may leave unquoted (as Python's {@code shlex.quote}). */
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");
    /** How much of {@code communicate}'s input is handed to the pipe before waiting for it to drain. */
    private static final int FEED_SLICE = 256 * 1024;

    private final SubprocessTransport transport;
    private final StreamingProtocol protocol;

    private Subprocess(SubprocessTransport transport, StreamingProtocol protocol) {
        this.transport = transport;
        this.protocol = protocol;
    }

    /**
     * Starts {@code argv} (no shell) with every stream inherited; see {@link #exec(List, SubprocessOptions)}.
     *
     * <p><b>Cancellation:</b> as {@link #exec(List, SubprocessOptions)}.
     *
     * @param argv the program and its arguments
     * @return the child
     * @throws IOException if it could not be started; the message names a missing program
     */
    public static Subprocess exec(List<String> argv) throws IOException {
        return exec(argv, SubprocessOptions.defaults());
    }

    /**
     * Starts {@code argv} directly, without a shell (asyncio's {@code create_subprocess_exec}): arguments reach the
     * program as they are, so nothing in them needs quoting. The program is looked up on the {@code PATH} unless it
     * contains a {@code /}.
     *
     * <p><b>Cancellation:</b> the child is started at once; a cancellation while its pipes are being connected
     * kills it.
     *
     * @param argv the program and its arguments
     * @param options where the streams go, directory, environment, process group, reader limit
     * @return the child
     * @throws IOException if it could not be started; the message names a missing program ("Cannot run program
     *     "nosuch": error=2, No such file or directory")
     * @throws IllegalArgumentException if {@code argv} is empty
     * @throws IllegalStateException when not called from a task
     */
    public static Subprocess exec(List<String> argv, SubprocessOptions options) throws IOException {
        EventLoop loop = Asyncio.loop();
        var c = Subprocesses.of(loop).subprocessExec(() -> new StreamingProtocol(loop, options.limit()), argv, options);
        return new Subprocess(c.transport(), c.protocol());
    }

    /**
     * Runs a shell command with every stream inherited; see {@link #shell(String, SubprocessOptions)}.
     *
     * <p><b>Cancellation:</b> as {@link #exec(List, SubprocessOptions)}.
     *
     * @param command the command for {@code /bin/sh -c}
     * @return the child (the shell)
     * @throws IOException if the shell could not be started
     */
    public static Subprocess shell(String command) throws IOException {
        return shell(command, SubprocessOptions.defaults());
    }

    /**
     * Runs a command with {@code /bin/sh -c} (asyncio's {@code create_subprocess_shell}).
     *
     * <p><b>Quoting:</b> the shell interprets every character of {@code command}; anything from a user must go
     * through {@link #quote(String)} (or {@link #join(List)}), which makes it one literal word:
     * {@snippet :
     * Subprocess.shell("grep -c " + Subprocess.quote(userPattern) + " " + Subprocess.quote(fileName) + " | head", o);
     * }
     * Better still, use {@link #exec(List, SubprocessOptions)}, which needs no quoting at all. A missing program
     * inside the command is the shell's business: exit status 127 and a message on stderr.
     *
     * <p><b>Cancellation:</b> as {@link #exec(List, SubprocessOptions)}.
     *
     * @param command the command
     * @param options where the streams go, directory, environment, process group, reader limit
     * @return the child (the shell)
     * @throws IOException if the shell could not be started
     */
    public static Subprocess shell(String command, SubprocessOptions options) throws IOException {
        return exec(List.of("/bin/sh", "-c", command), options);
    }

    /**
     * Quotes a string for a POSIX shell so that it is one literal word, whatever it contains (Python's
     * {@code shlex.quote}): a string of only letters, digits and {@code @%+=:,./_-} is returned as it is, anything
     * else is put in single quotes, with each {@code '} written as {@code '"'"'}.
     *
     * @param s the string
     * @return the quoted word ({@code ''} for the empty string)
     */
    public static String quote(String s) {
        if (s.isEmpty()) {
            return "''";
        }
        if (SAFE.matcher(s).matches()) {
            return s;
        }
        return "'" + s.replace("'", "'\"'\"'") + "'";
    }

    /**
     * Quotes each word with {@link #quote(String)} and joins them with spaces (Python's {@code shlex.join}).
     *
     * @param words the words
     * @return the command line
     */
    public static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(w));
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------------
    // streams

    /**
     * Returns the writer of the child's stdin. {@link StreamWriter#close()} (or {@code writeEof()}) closes the pipe,
     * so the child reads end of file. Writing to a child that exited fails at a later write or
     * {@link StreamWriter#drain()} with an {@link IOException} ("Broken pipe" or "Stream closed").
     *
     * <p><b>Cancellation</b> of a {@code drain()}: the bytes written stay queued and still reach the child; it goes
     * on running.
     *
     * @return the writer
     * @throws IllegalStateException if stdin is not a {@link Redirect#PIPE}
     */
    public StreamWriter stdin() {
        StreamWriter w = protocol.stdin();
        if (w == null) {
            throw new IllegalStateException("stdin is not a pipe (SubprocessOptions.withStdin(Redirect.PIPE))");
        }
        return w;
    }

    /**
     * Returns the reader of the child's stdout.
     *
     * <p><b>Cancellation</b> of a read: nothing is lost (the reader's rule: bytes are consumed only when a read
     * returns) and the child goes on running; a later read gets what it wrote.
     *
     * @return the reader
     * @throws IllegalStateException if stdout is not a {@link Redirect#PIPE}
     */
    public StreamReader stdout() {
        StreamReader r = protocol.stdout();
        if (r == null) {
            throw new IllegalStateException("stdout is not a pipe (SubprocessOptions.withStdout(Redirect.PIPE))");
        }
        return r;
    }

    /**
     * Returns the reader of the child's stderr.
     *
     * <p><b>Cancellation</b> of a read: as for {@link #stdout()}.
     *
     * @return the reader
     * @throws IllegalStateException if stderr is not a {@link Redirect#PIPE}
     */
    public StreamReader stderr() {
        StreamReader r = protocol.stderr();
        if (r == null) {
            throw new IllegalStateException("stderr is not a pipe (SubprocessOptions.withStderr(Redirect.PIPE))");
        }
        return r;
    }

    // ------------------------------------------------------------------------------------------------
    // the child

    /**
     * Returns the child's process id.
     *
     * @return the pid
     */
    public long pid() {
        return transport.pid();
    }

    /**
     * Returns the exit status once the child exited, or empty while it runs (asyncio's {@code returncode}).
     *
     * @return the status
     */
    public OptionalInt returnCode() {
        return transport.returnCode();
    }

    /**
     * Waits until the child exits and returns its status (asyncio's {@code wait()}): its exit code, or minus the
     * signal number when a signal this object sent killed it.
     *
     * <p>It does not read the pipes: a child writing more than a pipe holds (64 KiB) to a pipe nobody reads
     * blocks and never exits. Read them in other tasks, or use {@link #communicate(byte[])}.
     *
     * <p><b>Cancellation:</b> only the wait ends; the child keeps running and its pipes are untouched.
     *
     * @return the exit status
     */
    public int awaitExit() {
        protocol.awaitExited();
        return transport.returnCode().orElseThrow();
    }

    /**
     * Sends {@code input} to stdin (then closes it), reads stdout and stderr to their end, and waits for the exit
     * (asyncio's {@code communicate}). The three run at once, so a child that writes megabytes to both outputs
     * while reading megabytes of input does not deadlock. A child that exits without reading all its input is not
     * an error (as in asyncio): the rest is dropped.
     *
     * <p><b>Cancellation:</b> the child is left running, as asyncio leaves it; what was read so far stays in the
     * readers (nothing is lost: {@code read(-1)} consumes only at the end), part of the input may have been written
     * and stdin is still open.
     *
     * @param input the bytes for stdin, or {@code null} to send nothing (stdin, if a pipe, is closed all the same)
     * @return stdout and stderr; an empty array for one that is not a pipe
     * @throws IOException if reading a pipe failed
     * @throws IllegalStateException if {@code input} is given but stdin is not a pipe
     */
    public Output communicate(byte @Nullable [] input) throws IOException {
        StreamWriter in = protocol.stdin();
        if (input != null && input.length > 0 && in == null) {
            throw new IllegalStateException("communicate(input) needs stdin to be a pipe");
        }
        byte[][] read = new byte[2][];
        try (TaskGroup tg = TaskGroup.open()) {
            tg.createTask(() -> {
                read[0] = readToEnd(1);
            });
            tg.createTask(() -> {
                read[1] = readToEnd(2);
            });
            if (in != null) {
                feed(in, input);
            }
        } catch (TaskGroupException e) {
            for (Throwable t : e.exceptions()) {
                if (t instanceof IOException io) {
                    throw io;
                }
            }
            throw e;
        }
        byte[] out = read[0];
        byte[] err = read[1];
        awaitExit();
        return new Output(out, err);
    }

    /**
     * Communicates with a time limit; see {@link #communicate(byte[])}. On timeout the child is left running, as
     * asyncio's {@code wait_for(proc.communicate(), t)} leaves it: kill it, or call {@code communicate} again.
     *
     * <p><b>Cancellation:</b> as {@link #communicate(byte[])}.
     *
     * @param input the bytes for stdin, or {@code null}
     * @param timeout the limit
     * @return stdout and stderr
     * @throws TimeoutException if the limit passed first
     * @throws IOException if reading a pipe failed
     */
    public Output communicate(byte @Nullable [] input, Duration timeout) throws IOException, TimeoutException {
        return Asyncio.withTimeout(timeout, () -> communicate(input));
    }

    private byte[] readToEnd(int fd) throws IOException {
        StreamReader r = fd == 1 ? protocol.stdout() : protocol.stderr();
        if (r == null) {
            return new byte[0];
        }
        byte[] all = r.read(-1);
        Transport pipe = transport.getPipeTransport(fd);
        if (pipe != null) {
            pipe.close();
        }
        return all;
    }

    /** Writes the input in slices, draining between them, then closes stdin; a broken pipe is not an error. */
    private static void feed(StreamWriter in, byte @Nullable [] input) {
        try {
            if (input != null) {
                for (int off = 0; off < input.length; off += FEED_SLICE) {
                    in.write(ByteBuffer.wrap(input, off, Math.min(FEED_SLICE, input.length - off)));
                    in.drain();
                }
            }
        } catch (IOException | IllegalStateException childGone) {
            // the child exited or closed its stdin before reading everything: asyncio ignores it too
        }
        in.close();
    }

    /**
     * Sends {@code SIGTERM} (nothing if the child exited).
     */
    public void terminate() {
        transport.terminate();
    }

    /**
     * Sends {@code SIGKILL} (nothing if the child exited).
     */
    public void kill() {
        transport.kill();
    }

    /**
     * Sends a signal (nothing if the child exited); see {@link SubprocessTransport} for how.
     *
     * @param signal the signal number, e.g. {@link SubprocessTransport#SIGINT}
     * @throws IOException if it could not be sent
     */
    public void sendSignal(int signal) throws IOException {
        transport.sendSignal(signal);
    }

    /**
     * Sends a signal to the child's whole process group (the child and what it started), for a child started with
     * {@link SubprocessOptions#withNewProcessGroup}.
     *
     * @param signal the signal number
     * @throws IOException if it could not be sent
     * @throws IllegalStateException if the child has no process group of its own
     */
    public void sendSignalToGroup(int signal) throws IOException {
        transport.sendSignalToGroup(signal);
    }

    /**
     * Kills the child's whole process group ({@code SIGKILL}); see {@link #sendSignalToGroup(int)}.
     *
     * @throws IOException if it could not be sent
     * @throws IllegalStateException if the child has no process group of its own
     */
    public void killGroup() throws IOException {
        transport.sendSignalToGroup(SubprocessTransport.SIGKILL);
    }

    /**
     * Returns the transport underneath (the callback layer).
     *
     * @return the transport
     */
    public SubprocessTransport transport() {
        return transport;
    }

    /** Closes the pipes and kills the child if it still runs ({@link SubprocessTransport#close()}). */
    @Override
    public void close() {
        transport.close();
    }

    @Override
    public String toString() {
        return "Subprocess[" + transport + "]";
    }

    /** What {@link #communicate(byte[])} read: everything the child wrote to stdout and to stderr. */
    public static final class Output {
        private final byte[] stdout;
        private final byte[] stderr;

        Output(byte[] stdout, byte[] stderr) {
            this.stdout = stdout;
            this.stderr = stderr;
        }

        /**
         * Returns what the child wrote to stdout (empty if it was not a pipe).
         *
         * @return the bytes (the array itself, not a copy)
         */
        public byte[] stdout() {
            return stdout;
        }

        /**
         * Returns what the child wrote to stderr (empty if it was not a pipe).
         *
         * @return the bytes (the array itself, not a copy)
         */
        public byte[] stderr() {
            return stderr;
        }

        /**
         * Returns stdout decoded as UTF-8.
         *
         * @return the text
         */
        public String stdoutText() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        /**
         * Returns stderr decoded as UTF-8.
         *
         * @return the text
         */
        public String stderrText() {
            return new String(stderr, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return "Output[stdout=" + stdout.length + " bytes, stderr=" + stderr.length + " bytes]";
        }
    }
}
