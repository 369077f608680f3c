package io.jasyncio.internal.net;

import io.jasyncio.ExceptionContext;
import io.jasyncio.Future;
import io.jasyncio.internal.IoSource;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DatagramTransport} over a non-blocking {@link DatagramChannel}: one {@code receive} per readiness
 * event into the loop's read buffer; sends go out at once or wait in a queue while the socket is full.
 * Protocol callbacks run in the loop's callback runner. As for stream transports, {@code connectionLost} follows
 * only a {@code connectionMade} that ran, and {@code sockname}/{@code peername} are kept after close.
 * Loop-confined.
 */
final class DatagramSocketTransport implements DatagramTransport {
    private static final System.Logger LOG = System.getLogger("io.jasyncio.net");

    private record Queued(ByteBuffer data, @Nullable SocketAddress to) {}

    private final SelectorEventLoop loop;
    private final DatagramChannel channel;
    private final DatagramProtocol protocol;
    private final @Nullable SocketAddress remote;
    private final @Nullable SocketAddress peername;
    private final @Nullable SocketAddress sockname;
    private final IoSource source;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;
    private boolean closing;
    private boolean lost;
    /** {@code connectionMade} ran (so {@code connectionLost} is owed). */
    private boolean started;

    DatagramSocketTransport(
            SelectorEventLoop loop, DatagramChannel channel, DatagramProtocol protocol, @Nullable SocketAddress remote)
            throws IOException {
        this.loop = loop;
        this.channel = channel;
        this.protocol = protocol;
        this.remote = remote;
        this.peername = Net.address(channel, true);
        this.sockname = Net.address(channel, false);
        this.source = loop.ioSource(channel);
    }

    /**
     * Schedules {@code connectionMade} and then starts reading.
     *
     * @param made completed once {@code connectionMade} returned, with what it threw (an {@link Error} too), or
     *     with a {@link SocketException} if the endpoint was closed before it could run
     */
    void start(Future<@Nullable Void> made) {
        loop.callSoon(() -> {
            if (lost) {
                if (!made.isDone()) {
                    made.setException(new SocketException("the endpoint was closed before it was made"));
                }
                return;
            }
            started = true;
            try {
                protocol.connectionMade(this);
            } catch (RuntimeException | Error e) {
                if (!made.isDone()) {
                    made.setException(e);
                }
                abort();
                return;
            }
            if (!closing) {
                source.setReader(this::readReady, true);
            }
            if (!made.isDone()) {
                made.setResult(null);
            }
        });
    }

    private void readReady() {
        if (closing) {
            return;
        }
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (IOException e) {
            protocol.errorReceived(e);
            return;
        }
        if (from == null) {
            return;
        }
        buf.flip();
        protocol.datagramReceived(buf, from);
    }

    @Override
    public void sendTo(ByteBuffer data, @Nullable SocketAddress address) {
        loop.checkThread();
        if (closing) {
            throw new IllegalStateException("cannot send on a closed transport");
        }
        if (address == null && remote == null) {
            throw new IllegalArgumentException("this endpoint is not connected: give an address");
        }
        if (address != null && remote != null && !address.equals(remote)) {
            throw new IllegalArgumentException("this endpoint is connected to " + remote + ", not " + address);
        }
        if (queue.isEmpty()) {
            try {
                int n = remote != null ? channel.write(data) : channel.send(data, address);
                if (n > 0 || !data.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            }
            source.setWriter(this::writeReady, false);
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        queuedBytes += copy.remaining();
        queue.addLast(new Queued(copy, address));
    }

    private void writeReady() {
        Queued q;
        while ((q = queue.peekFirst()) != null) {
            int size = q.data().remaining();
            try {
                int n = remote != null ? channel.write(q.data()) : channel.send(q.data(), q.to());
                if (n == 0 && size > 0) {
                    return;
                }
            } catch (IOException e) {
                loop.callSoon(() -> protocol.errorReceived(e));
            }
            queue.pollFirst();
            queuedBytes -= size;
        }
        source.setWriter(null, false);
        if (closing) {
            finish(null);
        }
    }

    @Override
    public void close() {
        loop.checkThread();
        if (closing) {
            return;
        }
        closing = true;
        source.setReader(null, true);
        if (queue.isEmpty()) {
            finish(null);
        }
    }

    @Override
    public void abort() {
        loop.checkThread();
        closing = true;
        queue.clear();
        queuedBytes = 0;
        finish(null);
    }

    private void finish(@Nullable Exception cause) {
        if (lost) {
            return;
        }
        lost = true;
        source.cancel();
        if (!started) {
            closeChannel(); // connectionMade never ran: the protocol hears nothing
            return;
        }
        loop.callSoon(() -> {
            closeChannel();
            try {
                protocol.connectionLost(cause);
            } catch (RuntimeException | Error e) {
                loop.callExceptionHandler(new ExceptionContext("connectionLost failed", e, null, null));
            }
        });
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "close failed", e);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public long writeBufferSize() {
        return queuedBytes;
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return Net.channelInfo(key, channel, peername, sockname);
    }

    @Override
    public String toString() {
        return "DatagramTransport[" + sockname + (closing ? ", closing" : "") + "]";
    }
}
