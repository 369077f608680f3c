package io.jasyncio.process;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jasyncio.Asyncio;
import io.jasyncio.Future;
import io.jasyncio.net.Connected;
import io.jasyncio.net.Transport;
import io.jasyncio.testing.AsyncioTest;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The callback layer: {@code subprocessExec} with a user protocol. */
class SubprocessProtocolTest {

    /** Records every callback, with the thread rule checked. */
    static final class Recorder implements SubprocessProtocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Future<@Nullable Void> done = Asyncio.loop().createFuture();

        @Nullable
        SubprocessTransport transport;

        @Override
        public void connectionMade(SubprocessTransport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, ByteBuffer data) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            (fd == 1 ? out : err).writeBytes(b);
        }

        @Override
        public void pipeConnectionLost(int fd, @Nullable Exception exception) {
            events.add("pipe lost " + fd + (exception == null ? "" : " " + exception));
        }

        @Override
        public void processExited() {
            events.add(
                    "exited " + Objects.requireNonNull(transport).returnCode().orElseThrow());
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void connectionLost(@Nullable Exception exception) {
            events.add("lost");
            done.setResult(null);
        }
    }

    @AsyncioTest(realClock = true)
    void callbacksComeInOrder() throws Exception {
        Connected<SubprocessTransport, Recorder> c = Subprocesses.of(Asyncio.loop())
                .subprocessShell(Recorder::new, "cat; echo done >&2", SubprocessOptions.pipes());
        Recorder r = c.protocol();
        assertThat(r.events).containsExactly("made");
        Transport stdin = Objects.requireNonNull(c.transport().getPipeTransport(0));
        stdin.write("hello");
        stdin.close();
        r.done.await();
        assertThat(r.out.toString(UTF_8)).isEqualTo("hello");
        assertThat(r.err.toString(UTF_8)).isEqualTo("done\n");
        assertThat(r.events.getFirst()).isEqualTo("made");
        assertThat(r.events.getLast()).isEqualTo("lost");
        assertThat(r.events)
                .containsExactlyInAnyOrder("made", "pipe lost 0", "pipe lost 1", "pipe lost 2", "exited 0", "lost");
        assertThat(c.transport().returnCode()).hasValue(0);
        assertThat(c.transport().pid()).isPositive();
    }

    @AsyncioTest(realClock = true)
    void pipeTransportsHaveTheirDirection() throws Exception {
        Connected<SubprocessTransport, Recorder> c = Subprocesses.of(Asyncio.loop())
                .subprocessExec(
                        Recorder::new,
                        List.of("cat"),
                        SubprocessOptions.defaults().withStdin(Redirect.PIPE).withStdout(Redirect.PIPE));
        SubprocessTransport t = c.transport();
        Transport stdout = Objects.requireNonNull(t.getPipeTransport(1));
        assertThatThrownBy(() -> stdout.write("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(t.getPipeTransport(2)).isNull();
        assertThatThrownBy(() -> t.getPipeTransport(3)).isInstanceOf(IllegalArgumentException.class);
        Transport stdin = Objects.requireNonNull(t.getPipeTransport(0));
        stdin.writeEof();
        assertThatThrownBy(() -> stdin.write("late")).isInstanceOf(IllegalStateException.class);
        c.protocol().done.await();
        assertThat(t.returnCode()).hasValue(0);
    }

    @AsyncioTest(realClock = true)
    void aChildThatDoesNotReadPausesTheProtocolAndCloseKillsIt() throws Exception {
        Connected<SubprocessTransport, Recorder> c = Subprocesses.of(Asyncio.loop())
                .subprocessExec(Recorder::new, List.of("sleep", "100"), SubprocessOptions.pipes());
        Transport stdin = Objects.requireNonNull(c.transport().getPipeTransport(0));
        stdin.write(new byte[1024 * 1024]);
        assertThat(c.protocol().events).contains("pause");
        assertThat(stdin.writeBufferSize()).isPositive();
        c.transport().close();
        c.protocol().done.await();
        assertThat(c.transport().returnCode()).hasValue(-9);
        assertThat(c.protocol().events).contains("exited -9").endsWith("lost");
    }

    @AsyncioTest(realClock = true)
    void aFailingConnectionMadeFailsTheCallAndKillsTheChild() {
        RuntimeException boom = new IllegalStateException("boom");
        long[] pid = new long[1];
        assertThatThrownBy(() -> Subprocesses.of(Asyncio.loop())
                        .subprocessExec(
                                () -> new SubprocessProtocol() {
                                    @Override
                                    public void connectionMade(SubprocessTransport t) {
                                        pid[0] = t.pid();
                                        throw boom;
                                    }
                                },
                                List.of("sleep", "100"),
                                SubprocessOptions.pipes()))
                .isSameAs(boom);
        ProcessHandle.of(pid[0]).ifPresent(h -> Asyncio.await(h.onExit()));
        assertThat(ProcessHandle.of(pid[0]).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
