package io.jasyncio.internal.process;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Connected;
import io.jasyncio.process.SubprocessOptions;
import io.jasyncio.process.SubprocessProtocol;
import io.jasyncio.process.SubprocessTransport;
import io.jasyncio.process.Subprocesses;
import io.jasyncio.spi.LoopCore;
import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The subprocess support of a loop, on the JDK's {@code ProcessBuilder}: the child is spawned on the calling
 * thread, its pipes are pumped by threads of their own, its exit comes from {@code Process.onExit()}. The loop
 * makes one and hands it out as its {@link Subprocesses}.
 */
public final class JdkSubprocesses implements Subprocesses {
    private final EventLoop loop;

    /**
     * Creates the subprocess support of {@code loop}.
     *
     * @param loop the loop
     */
    public JdkSubprocesses(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public <P extends SubprocessProtocol> Connected<SubprocessTransport, P> subprocessExec(
            Supplier<P> factory, List<String> argv, SubprocessOptions options) throws IOException {
        LoopCore core = LoopCore.of(loop);
        core.requireTask();
        List<String> command = List.copyOf(argv);
        P protocol = factory.get();
        core.afterUserCode();
        Process process = Spawn.start(command, options);
        ProcessTransport t = new ProcessTransport(loop, process, protocol, options, String.join(" ", command));
        Future<@Nullable Void> made = loop.createFuture();
        t.start(made);
        try {
            made.await();
        } catch (CancelledException e) {
            t.close(); // the caller will never see the transport: the child must not outlive it
            throw e;
        }
        return new Connected<>(t, protocol);
    }

    @Override
    public <P extends SubprocessProtocol> Connected<SubprocessTransport, P> subprocessShell(
            Supplier<P> factory, String command, SubprocessOptions options) throws IOException {
        return subprocessExec(factory, List.of("/bin/sh", "-c", command), options);
    }
}
