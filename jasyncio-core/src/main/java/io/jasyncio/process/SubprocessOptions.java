package io.jasyncio.process;

import io.jasyncio.net.StreamReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How to start a child process: where its standard streams go, its working directory and environment, whether it
 * gets a process group of its own, and the limit of the stream readers (asyncio's keyword arguments of
 * {@code create_subprocess_exec}).
 *
 * {@snippet :
 * SubprocessOptions o = SubprocessOptions.pipes()              // stdin, stdout and stderr are pipes
 *         .withDirectory(Path.of("/tmp"))
 *         .withExtraEnvironment(Map.of("LC_ALL", "C"))          // added to this process's environment
 *         .withNewProcessGroup(true);                           // killGroup() reaches its children too
 * }
 *
 * <p>The defaults ({@link #defaults()}) inherit every stream, as asyncio's do (the JDK's {@code ProcessBuilder}
 * pipes them instead).
 *
 * <p><b>Thread safety:</b> immutable.
 *
 * @param stdin where stdin comes from: {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#INHERIT} or
 *     {@link Redirect#from a file}
 * @param stdout where stdout goes: {@link Redirect#PIPE}, {@link Redirect#DEVNULL}, {@link Redirect#INHERIT} or a
 *     {@link Redirect#to file}
 * @param stderr where stderr goes: as {@code stdout}, or {@link Redirect#STDOUT}
 * @param directory the working directory, or {@code null} for this process's
 * @param environment variables to set, or {@code null} for this process's environment unchanged
 * @param replaceEnvironment whether {@code environment} is the whole environment (asyncio's {@code env=}) rather
 *     than additions to this process's
 * @param newProcessGroup whether the child leads a new process group (and session), so that
 *     {@link Subprocess#killGroup} and {@link SubprocessTransport#sendSignalToGroup} reach what it starts
 * @param limit the limit of the {@link StreamReader}s of {@link Subprocess#stdout()} and {@link Subprocess#stderr()}
 */
public record SubprocessOptions(
        Redirect stdin,
        Redirect stdout,
        Redirect stderr,
        @Nullable Path directory,
        @Nullable Map<String, String> environment,
        boolean replaceEnvironment,
        boolean newProcessGroup,
        int limit) {

    /**
     * Checks the options.
     *
     * @throws IllegalArgumentException if stdin is {@link Redirect#STDOUT} or a file to write, stdout is
     *     {@link Redirect#STDOUT} or a file to read, stderr a file to read, or the limit is not positive
     */
    public SubprocessOptions {
        Objects.requireNonNull(stdin, "stdin");
        Objects.requireNonNull(stdout, "stdout");
        Objects.requireNonNull(stderr, "stderr");
        if (stdin == Redirect.STDOUT || stdin instanceof Redirect.WriteFile) {
            throw new IllegalArgumentException("stdin cannot be " + stdin);
        }
        if (stdout == Redirect.STDOUT || stdout instanceof Redirect.ReadFile) {
            throw new IllegalArgumentException("stdout cannot be " + stdout);
        }
        if (stderr instanceof Redirect.ReadFile) {
            throw new IllegalArgumentException("stderr cannot be " + stderr);
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
        environment = environment == null ? null : Map.copyOf(environment);
    }

    /**
     * Returns the defaults: every stream inherited, this process's directory and environment, no new process group,
     * the default reader limit (64 KiB).
     *
     * @return the options
     */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(
                Redirect.INHERIT,
                Redirect.INHERIT,
                Redirect.INHERIT,
                null,
                null,
                false,
                false,
                StreamReader.DEFAULT_LIMIT);
    }

    /**
     * Returns the defaults with stdin, stdout and stderr all pipes.
     *
     * @return the options
     */
    public static SubprocessOptions pipes() {
        return defaults().withStdin(Redirect.PIPE).withStdout(Redirect.PIPE).withStderr(Redirect.PIPE);
    }

    /**
     * Returns a copy with another stdin.
     *
     * @param r where stdin comes from
     * @return the options
     */
    public SubprocessOptions withStdin(Redirect r) {
        return new SubprocessOptions(
                r, stdout, stderr, directory, environment, replaceEnvironment, newProcessGroup, limit);
    }

    /**
     * Returns a copy with another stdout.
     *
     * @param r where stdout goes
     * @return the options
     */
    public SubprocessOptions withStdout(Redirect r) {
        return new SubprocessOptions(
                stdin, r, stderr, directory, environment, replaceEnvironment, newProcessGroup, limit);
    }

    /**
     * Returns a copy with another stderr.
     *
     * @param r where stderr goes
     * @return the options
     */
    public SubprocessOptions withStderr(Redirect r) {
        return new SubprocessOptions(
                stdin, stdout, r, directory, environment, replaceEnvironment, newProcessGroup, limit);
    }

    /**
     * Returns a copy with a working directory (asyncio's {@code cwd=}).
     *
     * @param dir the directory, or {@code null} for this process's
     * @return the options
     */
    public SubprocessOptions withDirectory(@Nullable Path dir) {
        return new SubprocessOptions(
                stdin, stdout, stderr, dir, environment, replaceEnvironment, newProcessGroup, limit);
    }

    /**
     * Returns a copy whose child gets exactly these variables (asyncio's {@code env=}).
     *
     * @param env the whole environment
     * @return the options
     */
    public SubprocessOptions withEnvironment(Map<String, String> env) {
        return new SubprocessOptions(stdin, stdout, stderr, directory, env, true, newProcessGroup, limit);
    }

    /**
     * Returns a copy whose child gets this process's environment plus (or overridden by) these variables.
     *
     * @param env the variables to add
     * @return the options
     */
    public SubprocessOptions withExtraEnvironment(Map<String, String> env) {
        return new SubprocessOptions(stdin, stdout, stderr, directory, env, false, newProcessGroup, limit);
    }

    /**
     * Returns a copy that does or does not start the child in a new process group.
     *
     * @param on whether the child leads a new process group
     * @return the options
     */
    public SubprocessOptions withNewProcessGroup(boolean on) {
        return new SubprocessOptions(stdin, stdout, stderr, directory, environment, replaceEnvironment, on, limit);
    }

    /**
     * Returns a copy with another reader limit.
     *
     * @param bytes the limit of {@code stdout()} and {@code stderr()}: the longest line {@code readLine} accepts;
     *     the pipe is not read while more than twice this is buffered
     * @return the options
     */
    public SubprocessOptions withLimit(int bytes) {
        return new SubprocessOptions(
                stdin, stdout, stderr, directory, environment, replaceEnvironment, newProcessGroup, bytes);
    }
}
