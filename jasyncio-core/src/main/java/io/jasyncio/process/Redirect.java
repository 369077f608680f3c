package io.jasyncio.process;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a child's standard stream goes (asyncio's {@code stdin=}, {@code stdout=}, {@code stderr=} arguments):
 * a pipe to this process ({@link #PIPE}), {@link #DEVNULL}, this process's own stream ({@link #INHERIT}), a file,
 * or, for stderr only, wherever stdout goes ({@link #STDOUT}).
 *
 * {@snippet :
 * SubprocessOptions o = SubprocessOptions.defaults()
 *         .withStdout(Redirect.PIPE)
 *         .withStderr(Redirect.STDOUT)              // 2>&1
 *         .withStdin(Redirect.from(Path.of("in.txt")));
 * }
 *
 * <p><b>Thread safety:</b> immutable.
 */
public sealed interface Redirect permits Redirect.Standard, Redirect.ReadFile, Redirect.WriteFile {
    /** A pipe to this process: {@code stdin()}, {@code stdout()}, {@code stderr()} of a {@link Subprocess}. */
    Redirect PIPE = Standard.PIPE;
    /** The null device: input is empty, output is discarded. */
    Redirect DEVNULL = Standard.DEVNULL;
    /** This process's own stream (asyncio's {@code None}, the default). */
    Redirect INHERIT = Standard.INHERIT;
    /** For stderr only: the same place as stdout ({@code 2>&1}). */
    Redirect STDOUT = Standard.STDOUT;

    /**
     * Reads stdin from a file.
     *
     * @param file the file
     * @return the redirect
     */
    static Redirect from(Path file) {
        return new ReadFile(file);
    }

    /**
     * Writes stdout or stderr to a file, replacing its content (created if missing).
     *
     * @param file the file
     * @return the redirect
     */
    static Redirect to(Path file) {
        return new WriteFile(file, false);
    }

    /**
     * Appends stdout or stderr to a file (created if missing).
     *
     * @param file the file
     * @return the redirect
     */
    static Redirect appendTo(Path file) {
        return new WriteFile(file, true);
    }

    /** The redirects that are not files. */
    enum Standard implements Redirect {
        /** See {@link Redirect#PIPE}. */
        PIPE,
        /** See {@link Redirect#DEVNULL}. */
        DEVNULL,
        /** See {@link Redirect#INHERIT}. */
        INHERIT,
        /** See {@link Redirect#STDOUT}. */
        STDOUT
    }

    /**
     * Input from a file.
     *
     * @param file the file
     */
    record ReadFile(Path file) implements Redirect {
        /** Checks the path. */
        public ReadFile {
            Objects.requireNonNull(file, "file");
        }
    }

    /**
     * Output to a file.
     *
     * @param file the file
     * @param append whether to append rather than replace
     */
    record WriteFile(Path file, boolean append) implements Redirect {
        /** Checks the path. */
        public WriteFile {
            Objects.requireNonNull(file, "file");
        }
    }
}
