package io.jasyncio.internal.process;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Sends any signal to a process or a process group, which the JDK cannot ({@code Process.destroy} sends only
 * {@code SIGTERM}, {@code destroyForcibly} {@code SIGKILL}, and neither reaches a group).
 *
 * <p>With native access enabled for this module ({@code --enable-native-access=io.jasyncio}, or
 * {@code =ALL-UNNAMED} on the class path) it calls {@code kill(2)} through the FFM API: a system call, no process.
 * Without it, calling a restricted method would print the JDK's warning on the user's stderr, so it runs the
 * {@code kill} program instead (a short child process: a millisecond or two on the caller's thread). Thread-safe.
 */
final class ProcessSignals {
    private static final int ESRCH = 3;

    /** {@code kill(2)} with {@code errno} captured, or {@code null} without native access. */
    private static final @Nullable MethodHandle KILL = killHandle();

    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));

    private ProcessSignals() {}

    @SuppressWarnings("restricted") // only called when native access is enabled for this module
    private static @Nullable MethodHandle killHandle() {
        if (!ProcessSignals.class.getModule().isNativeAccessEnabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup()
                    .find("kill")
                    .map(addr -> linker.downcallHandle(
                            addr,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                            Linker.Option.captureCallState("errno")))
                    .orElse(null);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            return null;
        }
    }

    /** Whether signals go through {@code kill(2)} directly (else through the {@code kill} program). */
    static boolean usesSystemCall() {
        return KILL != null;
    }

    /**
     * Sends {@code signal} to process {@code pid}, or to process group {@code pid} when {@code group} is set.
     *
     * @return {@code false} if there is no such process (it exited), {@code true} if sent
     * @throws IOException if sending failed otherwise
     */
    static boolean send(long pid, int signal, boolean group) throws IOException {
        checkSignal(signal);
        if (pid <= 1 || pid > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("refusing to signal pid " + pid);
        }
        int target = group ? (int) -pid : (int) pid;
        MethodHandle kill = KILL;
        if (kill != null) {
            return sendNative(kill, target, signal);
        }
        return sendByProgram(target, signal);
    }

    /** Throws {@link IllegalArgumentException} unless {@code signal} is a signal number (1 to 64). */
    static void checkSignal(int signal) {
        if (signal < 1 || signal > 64) {
            throw new IllegalArgumentException("not a signal number: " + signal);
        }
    }

    private static boolean sendNative(MethodHandle kill, int target, int signal) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CAPTURE);
            int r;
            try {
                r = (int) kill.invokeExact(state, target, signal);
            } catch (Throwable t) {
                throw new IOException("kill(" + target + ", " + signal + ") failed", t);
            }
            if (r == 0) {
                return true;
            }
            int errno = (int) ERRNO.get(state, 0L);
            if (errno == ESRCH) {
                return false;
            }
            throw new IOException("kill(" + target + ", " + signal + ") failed: errno " + errno);
        }
    }

    static boolean sendByProgram(int target, int signal) throws IOException {
        Process p = new ProcessBuilder("kill", "-" + signal, "--", Integer.toString(target))
                .redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("kill " + target + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sending signal " + signal + " to " + target, e);
        }
        if (p.exitValue() == 0) {
            return true;
        }
        String msg = new String(out, StandardCharsets.UTF_8).strip();
        if (msg.contains("No such process")) {
            return false;
        }
        throw new IOException("kill -" + signal + " " + target + " failed: " + msg);
    }
}
