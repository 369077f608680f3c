package io.jasyncio.internal.process;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.internal.net.PipePumps;
import io.jasyncio.internal.net.PipeReadTransport;
import io.jasyncio.internal.net.PipeWriteTransport;
import io.jasyncio.net.Transport;
import io.jasyncio.process.Redirect;
import io.jasyncio.process.SubprocessOptions;
import io.jasyncio.process.SubprocessProtocol;
import io.jasyncio.process.SubprocessTransport;
import io.jasyncio.spi.CarrierSafe;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A child process as a {@link SubprocessTransport} (asyncio's {@code BaseSubprocessTransport}): its pipes are
 * transports of their own ({@link PipeReadTransport}, {@link PipeWriteTransport}) whose events a
 * {@link PipeAdapter} forwards here; its exit comes from the JDK's {@code Process.onExit()} (the JDK's reaper
 * thread waits for it anyway), handed to the loop through {@code deliverFromThread}.
 *
 * <h2>Order of protocol calls</h2>
 * <pre>
 *   connectionMade -> (pipeDataReceived* pipeConnectionLost per pipe) and processExited, in any order -> connectionLost
 * </pre>
 * {@code connectionMade} is scheduled first and the pipes start only after it ran, so no pipe event comes before
 * it; an early exit is delivered through the same queue, after it. {@code connectionLost} runs once the child
 * exited and every pipe is lost.
 *
 * <p>Loop-confined.
 */
final class ProcessTransport implements SubprocessTransport {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.process");

    private final EventLoop loop;
    private final LoopCore core;
    private final Process process;
    private final SubprocessProtocol protocol;
    private final boolean inline;
    private final boolean group;
    private final String name;

    private final @Nullable PipeWriteTransport stdin;
    private final @Nullable PipeReadTransport stdout;
    private final @Nullable PipeReadTransport stderr;
    /** Pipes not yet lost. */
    private int openPipes;

    private OptionalInt returnCode = OptionalInt.empty();
    /** Bit {@code n} set: this transport sent signal {@code n} (to read a status of {@code 128 + n} as a kill). */
    private long signalsSent;

    /** {@code processExited} ran: {@code connectionLost} may follow (the return code is set earlier, on exit). */
    private boolean exitDelivered;

    private boolean closing;
    private boolean lostCalled;

    ProcessTransport(
            EventLoop loop, Process process, SubprocessProtocol protocol, SubprocessOptions options, String command) {
        this.loop = loop;
        this.core = LoopCore.of(loop);
        this.process = process;
        this.protocol = protocol;
        this.inline = protocol instanceof CarrierSafe;
        this.group = options.newProcessGroup();
        this.name = "pid " + process.pid() + " (" + command + ")";
        // Only a PIPE redirect gives a pipe; the JDK's streams are null streams for the others.
        this.stdin = options.stdin() == Redirect.PIPE
                ? PipeWriteTransport.create(loop, process.getOutputStream(), adapter(0), "stdin of " + name)
                : null;
        this.stdout = options.stdout() == Redirect.PIPE
                ? PipeReadTransport.create(loop, process.getInputStream(), adapter(1), "stdout of " + name)
                : null;
        this.stderr = options.stderr() == Redirect.PIPE
                ? PipeReadTransport.create(loop, process.getErrorStream(), adapter(2), "stderr of " + name)
                : null;
        openPipes = (stdin != null ? 1 : 0) + (stdout != null ? 1 : 0) + (stderr != null ? 1 : 0);
    }

    private PipeAdapter adapter(int fd) {
        return inline ? new PipeAdapter.Inline(this, fd) : new PipeAdapter(this, fd);
    }

    /**
     * Schedules {@code connectionMade} and, after it, the pipes; watches for the exit.
     *
     * @param made completed once {@code connectionMade} returned, or failed with what it threw
     */
    void start(Future<@Nullable Void> made) {
        schedule(() -> {
            try {
                protocol.connectionMade(this);
            } catch (RuntimeException | Error e) {
                core.afterUserCode();
                if (!made.isDone()) {
                    made.setException(e);
                }
                close();
                startPipes();
                return;
            }
            core.afterUserCode();
            startPipes();
            made.trySetResult(null);
        });
        // The JDK's reaper thread reaps the child and wakes waitFor(); a pump thread waits and hands the exit to
        // the loop. Not Process.onExit(): it completes through the common fork-join pool, one more thread hop.
        PipePumps.run(this::waitForExit);
    }

    private void startPipes() {
        if (closing) {
            // Closed before they started (in connectionMade): close() released them; no pipe events are owed.
            openPipes = 0;
            return;
        }
        if (stdin != null) {
            stdin.begin();
        }
        if (stdout != null) {
            stdout.begin();
        }
        if (stderr != null) {
            stderr.begin();
        }
    }

    /** On a pump thread: waits for the exit, then tells the loop. */
    private void waitForExit() {
        boolean interrupted = false;
        while (true) {
            try {
                process.waitFor();
                break;
            } catch (InterruptedException e) {
                interrupted = true; // only the JVM's shutdown interrupts a pump: keep waiting, report it after
            }
        }
        core.deliverFromThread(this::exited);
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** On the carrier: the child exited. */
    private void exited() {
        int code = process.exitValue();
        int sig = code - 128;
        if (sig >= 1 && sig <= 64 && (signalsSent & (1L << sig)) != 0) {
            code = -sig; // asyncio's convention for a child killed by a signal (the JDK says 128 + n)
        }
        returnCode = OptionalInt.of(code);
        schedule(() -> {
            exitDelivered = true;
            callHook("protocol.processExited()", protocol::processExited);
            tryFinish();
        });
    }

    // ------------------------------------------------------------------------------------------------
    // from the pipes (where the protocol runs)

    void pipeData(int fd, ByteBuffer data) {
        protocol.pipeDataReceived(fd, data); // a failure is fatal to that pipe: its transport reports and closes it
    }

    void pipeLost(int fd, @Nullable Exception e) {
        openPipes--;
        callHook("protocol.pipeConnectionLost()", () -> protocol.pipeConnectionLost(fd, e));
        tryFinish();
    }

    void stdinPaused(boolean paused) {
        if (paused) {
            callHook("protocol.pauseWriting()", protocol::pauseWriting);
        } else {
            callHook("protocol.resumeWriting()", protocol::resumeWriting);
        }
    }

    private void tryFinish() {
        if (lostCalled || !exitDelivered || openPipes > 0) {
            return;
        }
        lostCalled = true;
        closing = true;
        callHook("protocol.connectionLost()", () -> protocol.connectionLost(null));
    }

    private void callHook(String what, Runnable hook) {
        Throwable failure = null;
        try {
            hook.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        core.afterUserCode();
        if (failure != null) {
            loop.callExceptionHandler(new ExceptionContext(what + " failed", failure, null, null));
        }
    }

    private void schedule(Runnable call) {
        if (inline) {
            core.callSoonInternal(call);
        } else {
            loop.callSoon(call);
        }
    }

    // ------------------------------------------------------------------------------------------------
    // SubprocessTransport

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public OptionalInt returnCode() {
        return returnCode;
    }

    @Override
    public @Nullable Transport getPipeTransport(int fd) {
        return switch (fd) {
            case 0 -> stdin;
            case 1 -> stdout;
            case 2 -> stderr;
            default -> throw new IllegalArgumentException("not a pipe of the child: " + fd);
        };
    }

    @Override
    public void sendSignal(int signal) throws IOException {
        core.checkThread();
        ProcessSignals.checkSignal(signal);
        if (returnCode.isPresent()) {
            return;
        }
        if (ProcessSignals.send(process.pid(), signal, false)) {
            noteSignal(signal);
        }
    }

    @Override
    public void sendSignalToGroup(int signal) throws IOException {
        core.checkThread();
        ProcessSignals.checkSignal(signal);
        if (!group) {
            throw new IllegalStateException(
                    "the child was not started in a new process group (SubprocessOptions.withNewProcessGroup)");
        }
        // Sent even after the child exited: the group's other members may live on.
        if (ProcessSignals.send(process.pid(), signal, true)) {
            noteSignal(signal);
        }
    }

    private void noteSignal(int signal) {
        signalsSent |= 1L << signal;
    }

    @Override
    public void terminate() {
        core.checkThread();
        if (returnCode.isEmpty()) {
            noteSignal(SIGTERM);
            // Not process.destroy(): the JDK's closes our ends of the pipes too, dropping what the child wrote
            process.toHandle().destroy();
        }
    }

    @Override
    public void kill() {
        core.checkThread();
        if (returnCode.isEmpty()) {
            noteSignal(SIGKILL);
            process.toHandle().destroyForcibly();
        }
    }

    @Override
    public void close() {
        core.checkThread();
        if (closing) {
            return;
        }
        closing = true;
        if (stdin != null) {
            stdin.close();
        }
        if (stdout != null) {
            stdout.close();
        }
        if (stderr != null) {
            stderr.close();
        }
        if (returnCode.isEmpty() && process.isAlive()) {
            LOG.log(System.Logger.Level.DEBUG, "close() kills " + name);
            kill();
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return switch (key) {
            case "pid" -> process.pid();
            case "process" -> process.toHandle();
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "SubprocessTransport[" + name + (returnCode.isPresent() ? ", exited " + returnCode.getAsInt() : "")
                + (closing ? ", closing" : "") + "]";
    }
}
