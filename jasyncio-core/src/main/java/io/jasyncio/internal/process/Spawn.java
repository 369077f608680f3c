package io.jasyncio.internal.process;

import io.jasyncio.process.Redirect;
import io.jasyncio.process.SubprocessOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Turns a command and {@link SubprocessOptions} into a {@link ProcessBuilder} and starts it. A new process group
 * is made by starting the command under the {@code setsid} program (util-linux): the child the JDK spawns is
 * never a process group leader, so {@code setsid} calls {@code setsid(2)} and {@code exec}s the command in the same
 * process (same pid), which then leads a new session and process group. The JDK has no way to do this itself, and
 * calling {@code setpgid} on the child from here would race with its {@code exec}.
 */
final class Spawn {
    private static final File DEV_NULL = new File("/dev/null");

    private Spawn() {}

    /**
     * Starts the child.
     *
     * @param argv the program and arguments
     * @param options the options
     * @return the process
     * @throws IOException if it could not be started (the JDK's message names the program)
     */
    static Process start(List<String> argv, SubprocessOptions options) throws IOException {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv is empty: no program to run");
        }
        List<String> command = argv;
        if (options.newProcessGroup()) {
            checkRunnable(argv.getFirst()); // setsid would report a missing program on stderr, not as an exception
            command = new ArrayList<>(argv.size() + 1);
            command.add("setsid");
            command.addAll(argv);
        }
        ProcessBuilder pb = new ProcessBuilder(command);
        Path dir = options.directory();
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        Map<String, String> env = options.environment();
        if (env != null) {
            Map<String, String> target = pb.environment();
            if (options.replaceEnvironment()) {
                target.clear();
            }
            target.putAll(env);
        }
        pb.redirectInput(input(options.stdin()));
        pb.redirectOutput(output(options.stdout()));
        if (options.stderr() == Redirect.STDOUT) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(output(options.stderr()));
        }
        return pb.start();
    }

    private static ProcessBuilder.Redirect input(Redirect r) {
        return switch (r) {
            case Redirect.Standard s ->
                switch (s) {
                    case PIPE -> ProcessBuilder.Redirect.PIPE;
                    case DEVNULL -> ProcessBuilder.Redirect.from(DEV_NULL);
                    case INHERIT -> ProcessBuilder.Redirect.INHERIT;
                    case STDOUT -> throw new IllegalArgumentException("stdin cannot be STDOUT");
                };
            case Redirect.ReadFile f -> ProcessBuilder.Redirect.from(f.file().toFile());
            case Redirect.WriteFile f -> throw new IllegalArgumentException("stdin cannot be " + f);
        };
    }

    private static ProcessBuilder.Redirect output(Redirect r) {
        return switch (r) {
            case Redirect.Standard s ->
                switch (s) {
                    case PIPE -> ProcessBuilder.Redirect.PIPE;
                    case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
                    case INHERIT -> ProcessBuilder.Redirect.INHERIT;
                    case STDOUT -> throw new IllegalArgumentException("stdout cannot be STDOUT");
                };
            case Redirect.WriteFile f ->
                f.append()
                        ? ProcessBuilder.Redirect.appendTo(f.file().toFile())
                        : ProcessBuilder.Redirect.to(f.file().toFile());
            case Redirect.ReadFile f -> throw new IllegalArgumentException("an output cannot be " + f);
        };
    }

    /** Fails as the JDK would if {@code program} cannot be run (it contains a slash, or is not on the PATH). */
    private static void checkRunnable(String program) throws IOException {
        if (program.contains("/")) {
            if (Files.isExecutable(Path.of(program))) {
                return;
            }
        } else {
            String path = System.getenv("PATH");
            for (String d : Pattern.compile(":").split(path == null ? "/usr/bin:/bin" : path, -1)) {
                Path p = Path.of(d.isEmpty() ? "." : d, program);
                if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                    return;
                }
            }
        }
        throw new IOException("Cannot run program \"" + program + "\": error=2, No such file or directory");
    }
}
