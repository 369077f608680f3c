package io.jasyncio.process;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import io.jasyncio.net.Streams;
import io.jasyncio.net.Transport;
import io.jasyncio.spi.CarrierSafe;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocol under a {@link Subprocess} (asyncio's {@code SubprocessStreamProtocol}): feeds the stdout and
 * stderr {@link StreamReader}s (which pause their pipe above twice their limit), gives stdin a
 * {@link StreamWriter} whose {@code drain} follows the stdin pipe's flow control, and wakes the tasks waiting for
 * the exit. Library code that never blocks, so the transports call it inline on the carrier.
 */
final class StreamingProtocol implements SubprocessProtocol, CarrierSafe {
    private final EventLoop loop;
    private final int limit;
    /** The stream pair's protocol behind {@link #stdin}; made in the task that starts the child. */
    private final Protocol stdinStream;

    private @Nullable SubprocessTransport transport;
    private @Nullable StreamWriter stdin;
    private @Nullable StreamReader stdout;
    private @Nullable StreamReader stderr;
    private boolean exited;
    private final List<Future<@Nullable Void>> exitWaiters = new ArrayList<>(1);

    StreamingProtocol(EventLoop loop, int limit) {
        this.loop = loop;
        this.limit = limit;
        this.stdinStream = Streams.protocol(limit);
    }

    @Override
    public void connectionMade(SubprocessTransport t) {
        transport = t;
        Transport in = t.getPipeTransport(0);
        if (in != null) {
            stdinStream.connectionMade(in);
            stdin = Streams.connection(stdinStream).writer();
        }
        stdout = reader(t, 1);
        stderr = reader(t, 2);
    }

    private @Nullable StreamReader reader(SubprocessTransport t, int fd) {
        Transport pipe = t.getPipeTransport(fd);
        if (pipe == null) {
            return null;
        }
        StreamReader r = new StreamReader(loop, limit);
        r.setTransport(pipe);
        return r;
    }

    @Override
    public void pipeDataReceived(int fd, ByteBuffer data) {
        StreamReader r = fd == 1 ? stdout : stderr;
        if (r != null) {
            r.feed(data);
        }
    }

    @Override
    public void pipeConnectionLost(int fd, @Nullable Exception exception) {
        if (fd == 0) {
            stdinStream.connectionLost(exception);
            return;
        }
        StreamReader r = fd == 1 ? stdout : stderr;
        if (r == null) {
            return;
        }
        if (exception == null) {
            r.feedEof();
        } else {
            r.setException(exception instanceof IOException io ? io : new IOException(exception));
        }
    }

    @Override
    public void pauseWriting() {
        stdinStream.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        stdinStream.resumeWriting();
    }

    @Override
    public void processExited() {
        exited = true;
        for (Future<@Nullable Void> f : exitWaiters) {
            f.trySetResult(null);
        }
    }

    /** Waits until {@code processExited} ran. */
    void awaitExited() {
        if (exited) {
            return;
        }
        Future<@Nullable Void> f = loop.createFuture();
        exitWaiters.add(f);
        try {
            f.await();
        } finally {
            exitWaiters.remove(f);
        }
    }

    SubprocessTransport transport() {
        SubprocessTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("the child is not connected yet");
        }
        return t;
    }

    @Nullable
    StreamWriter stdin() {
        return stdin;
    }

    @Nullable
    StreamReader stdout() {
        return stdout;
    }

    @Nullable
    StreamReader stderr() {
        return stderr;
    }
}
