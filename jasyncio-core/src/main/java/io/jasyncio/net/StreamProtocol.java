package io.jasyncio.net;

import io.jasyncio.EventLoop;
import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.spi.CarrierSafe;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The protocol under a stream pair (asyncio's {@code StreamReaderProtocol}): feeds the {@link StreamReader},
 * tracks write flow control for {@link StreamWriter#drain()} and the end of the connection for
 * {@link StreamWriter#awaitClosed()}. On a server it starts the client handler's task.
 *
 * <p>It is a {@link BufferedProtocol} too, which socket transports prefer: they read straight into the reader's
 * segments ({@link StreamReader#feedBuffer}), so a received byte is copied once, by the task's read. Transports
 * that only know {@link Protocol} (adapters, the in-memory test transport) call {@link #dataReceived}, which copies.
 *
 * <p>Library code that never blocks, so transports call it inline on the loop's carrier ({@link CarrierSafe}).
 */
final class StreamProtocol implements Protocol, BufferedProtocol, CarrierSafe {
    private final EventLoop loop;
    private final StreamReader reader;
    private final @Nullable ClientHandler handler;
    /** The reader and writer, once {@code connectionMade} ran. */
    private @Nullable Connection connection;

    private boolean writingPaused;
    private boolean lost;
    private @Nullable Exception lostError;
    private final List<Future<@Nullable Void>> drainWaiters = new ArrayList<>(1);
    private final List<Future<@Nullable Void>> closeWaiters = new ArrayList<>(1);

    StreamProtocol(EventLoop loop, int limit, @Nullable ClientHandler handler) {
        this.loop = loop;
        this.reader = new StreamReader(loop, limit);
        this.handler = handler;
    }

    @Override
    public void connectionMade(Transport transport) {
        reader.setTransport(transport);
        StreamWriter w = new StreamWriter(transport, this, reader);
        connection = new Connection(reader, w);
        ClientHandler h = handler;
        if (h != null) {
            loop.createTask("client " + transport.extraInfo("peername"), () -> {
                try {
                    h.handle(reader, w);
                } catch (Exception | Error e) {
                    if (e instanceof io.jasyncio.CancelledException c) {
                        w.close(); // the writer's transport: the TLS one after a startTls
                        throw c;
                    }
                    loop.callExceptionHandler(
                            new ExceptionContext("unhandled exception in client handler", e, null, String.valueOf(h)));
                    w.close();
                }
                return null;
            });
        }
    }

    /**
     * Returns the reader and writer (asyncio's {@code open_connection} result).
     *
     * @return the pair
     * @throws IllegalStateException before {@code connectionMade} ran
     */
    Connection connection() {
        Connection c = connection;
        if (c == null) {
            throw new IllegalStateException("the connection is not made yet");
        }
        return c;
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        reader.feed(data);
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return reader.feedBuffer(sizeHint);
    }

    @Override
    public void bufferUpdated(int n) {
        reader.commitFeed(n);
    }

    @Override
    public boolean eofReceived() {
        reader.feedEof();
        return true;
    }

    @Override
    public void connectionLost(@Nullable Exception exception) {
        lost = true;
        lostError = exception;
        if (exception == null) {
            if (!reader.atEof()) {
                reader.feedEof();
            }
        } else {
            reader.setException(asIo(exception));
        }
        wakeAll(drainWaiters);
        wakeAll(closeWaiters);
    }

    @Override
    public void pauseWriting() {
        writingPaused = true;
    }

    @Override
    public void resumeWriting() {
        writingPaused = false;
        wakeAll(drainWaiters);
    }

    /** Waits while writing is paused; fails if the connection is lost. */
    void drainHelper() throws IOException {
        if (lost) {
            Exception e = lostError;
            throw e == null ? new SocketException("connection lost") : asIo(e);
        }
        if (!writingPaused) {
            return;
        }
        Future<@Nullable Void> f = loop.createFuture();
        drainWaiters.add(f);
        try {
            f.await();
        } finally {
            drainWaiters.remove(f);
        }
        if (lost) {
            Exception e = lostError;
            throw e == null ? new SocketException("connection lost") : asIo(e);
        }
    }

    /** Waits until the connection is lost; fails with its error, if any. */
    void awaitLost() throws IOException {
        if (!lost) {
            Future<@Nullable Void> f = loop.createFuture();
            closeWaiters.add(f);
            try {
                f.await();
            } finally {
                closeWaiters.remove(f);
            }
        }
        Exception e = lostError;
        if (e != null) {
            throw asIo(e);
        }
    }

    boolean isLost() {
        return lost;
    }

    EventLoop loop() {
        return loop;
    }

    private static IOException asIo(Exception e) {
        return e instanceof IOException io ? io : new IOException(e);
    }

    private static void wakeAll(List<Future<@Nullable Void>> waiters) {
        for (Future<@Nullable Void> f : waiters) {
            f.trySetResult(null);
        }
    }
}
