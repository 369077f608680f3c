package io.jasyncio.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.jasyncio.Asyncio;
import io.jasyncio.KeyboardInterruptException;
import java.io.BufferedReader;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.NullUnmarked;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C in real processes: a program started with {@code java} receives SIGINT and ends as documented, and
 * under the JDK's source launcher ({@code java Prog.java}) what {@code main} throws is reported by the JVM, not
 * replaced by a JDK-internal error. The child runs in the scheduling mode of this test run.
 */
@NullUnmarked
@Timeout(value = 100, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CtrlCTest {
    @TempDir
    Path dir;

    /** How a child process ended. */
    private record Ended(int status, List<String> stderr) {}

    private static String location(Class<?> c) throws Exception {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }

    private static List<String> java(String classPath, String... rest) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if ("compat".equals(System.getProperty("jasyncio.expectedMode"))) {
            cmd.add("-Djasyncio.mode=compat"); // chosen explicitly, so no warning is logged
        } else {
            cmd.add("--add-opens");
            cmd.add("java.base/java.lang=ALL-UNNAMED");
        }
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.addAll(List.of(rest));
        return cmd;
    }

    /**
     * Returns whether this JVM was started with SIGINT ignored (as a background job of a non-interactive shell
     * is): its children inherit that, and a JVM that starts so cannot handle SIGINT at all.
     */
    private static boolean sigintIgnoredHere() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (2 - 1))) != 0;
            }
        }
        return false;
    }

    /**
     * Starts {@code command}; once it printed {@code ready}, sends it {@code signal} (unless {@code null}) and
     * waits for it to end.
     */
    private static Ended run(List<String> command, @Nullable String signal) throws Exception {
        assumeFalse(signal != null && sigintIgnoredHere(), "SIGINT is ignored by this process and its children");
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().remove("JDK_JAVA_OPTIONS"); // the launcher would note them on stderr
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        Process p = pb.start();
        try {
            if (signal != null) {
                BufferedReader out = p.inputReader();
                String first = out.readLine(); // the child's main task runs: SIGINT is handled from now on
                if (!"ready".equals(first)) {
                    p.destroyForcibly().waitFor(); // stderr ends only with the child
                    fail(
                            "%s printed %s; stderr: %s",
                            command, first, p.errorReader().lines().toList());
                }
                Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid()))
                        .inheritIO()
                        .start();
                assertThat(kill.waitFor()).isZero();
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the child ends").isTrue();
            return new Ended(p.exitValue(), p.errorReader().lines().toList());
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void ctrlCEndsARunMainProgramWithStatus130AndOneLineOnStderr() throws Exception {
        String cp = location(CtrlCMain.class) + File.pathSeparator + location(Asyncio.class);
        Ended e = run(java(cp, CtrlCMain.class.getName()), "INT");
        assertThat(e.status()).isEqualTo(KeyboardInterruptException.EXIT_STATUS).isEqualTo(130);
        assertThat(e.stderr()).containsExactly("interrupted by SIGINT (Ctrl-C)");
    }

    private String sourceProgram(String body) throws Exception {
        Path prog = dir.resolve("Prog.java");
        Files.writeString(prog, """
                import io.jasyncio.Asyncio;
                import java.time.Duration;

                public class Prog {
                    public static void main(String[] args) throws Exception {
                        Asyncio.run(() -> {
                            %s
                        });
                    }
                }
                """.formatted(body));
        return prog.toString();
    }

    private static String sourceClassPath() throws Exception {
        return location(Asyncio.class) + File.pathSeparator + location(org.jspecify.annotations.Nullable.class);
    }

    @Test
    void underTheSourceLauncherCtrlCReportsTheKeyboardInterruptNotAJdkError() throws Exception {
        String prog = sourceProgram("""
                System.out.println("ready");
                System.out.flush();
                Asyncio.sleep(Duration.ofDays(1));
                """);
        Ended e = run(java(sourceClassPath(), prog), "INT");
        assertThat(e.status()).isEqualTo(1);
        assertThat(e.stderr())
                .first()
                .isEqualTo("Exception in thread \"main\" io.jasyncio.KeyboardInterruptException:"
                        + " interrupted by SIGINT (Ctrl-C)");
        assertThat(e.stderr()).anySatisfy(l -> assertThat(l).startsWith("\tat Prog.main(Prog.java:"));
        assertThat(String.join("\n", e.stderr())).doesNotContain("IllegalArgumentException");
    }

    @Test
    void underTheSourceLauncherACancelledMainTaskIsReportedNotAJdkError() throws Exception {
        String prog = sourceProgram("""
                Asyncio.currentTask().orElseThrow().cancel("bye");
                Asyncio.sleep(Duration.ofDays(1));
                """);
        Ended e = run(java(sourceClassPath(), prog), null);
        assertThat(e.status()).isEqualTo(1);
        assertThat(e.stderr()).first().isEqualTo("Exception in thread \"main\" io.jasyncio.CancelledException: bye");
        assertThat(e.stderr()).anySatisfy(l -> assertThat(l).startsWith("\tat Prog.main(Prog.java:"));
        assertThat(String.join("\n", e.stderr())).doesNotContain("IllegalArgumentException");
    }
}
