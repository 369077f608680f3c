package io.jasyncio.internal.net;

import io.jasyncio.net.DatagramProtocol;
import io.jasyncio.net.DatagramTransport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DatagramTransport} over a non-blocking {@link DatagramChannel}: one {@code receive} per readiness event
 * into the loop's read buffer; sends go out at once or wait, whole, in a queue while the socket is full (and pause
 * the protocol above the high-water mark, as for streams). The lifecycle, flow control and where protocol code runs
 * are {@link AbstractTransport}'s.
 *
 * <p>Datagrams are independent messages, so a failing {@code datagramReceived} or {@code errorReceived} is
 * reported and the endpoint goes on (asyncio does the same); a socket error on a send or receive goes to
 * {@code errorReceived} and the endpoint goes on. Loop-confined.
 */
final class DatagramSocketTransport extends SelectorTransport<DatagramProtocol, DatagramChannel>
        implements DatagramTransport {
    private record Queued(ByteBuffer data, @Nullable SocketAddress to) {}

    private final @Nullable SocketAddress remote;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;

    DatagramSocketTransport(
            NetLoop loop, DatagramChannel channel, DatagramProtocol protocol, @Nullable SocketAddress remote)
            throws IOException {
        super(loop, channel, protocol);
        this.remote = remote;
    }

    @Override
    void callConnectionMade() {
        protocol.connectionMade(this);
    }

    @Override
    void readOnce() {
        ByteBuffer buf = loop.readBuffer();
        buf.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (IOException e) {
            errorReceived(e);
            return;
        }
        if (from == null) {
            return;
        }
        buf.flip();
        callHook("protocol.datagramReceived()", () -> protocol.datagramReceived(buf, from));
    }

    /** Tells the protocol of a socket error; called where the protocol runs (read handler, a send in user code). */
    private void errorReceived(IOException error) {
        callHook("protocol.errorReceived()", () -> protocol.errorReceived(error));
    }

    @Override
    public void sendTo(ByteBuffer data, @Nullable SocketAddress address) {
        loop.checkThread();
        if (!acceptsWrites()) {
            data.position(data.limit());
            return; // the endpoint is gone; connectionLost reports why
        }
        if (address == null && remote == null) {
            throw new IllegalArgumentException("this endpoint is not connected: give an address");
        }
        if (address != null && remote != null && !address.equals(remote)) {
            throw new IllegalArgumentException("this endpoint is connected to " + remote + ", not " + address);
        }
        if (queue.isEmpty()) {
            try {
                if (send(data, address) || !data.hasRemaining()) {
                    return;
                }
            } catch (IOException e) {
                errorReceived(e);
                return;
            }
        }
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        queuedBytes += copy.remaining();
        queue.addLast(new Queued(copy, address));
        writeQueued();
    }

    /** Sends one datagram; returns whether it went (a full socket takes none of it). */
    private boolean send(ByteBuffer data, @Nullable SocketAddress to) throws IOException {
        return (remote != null ? channel.write(data) : channel.send(data, to)) > 0;
    }

    @Override
    boolean flushQueue() {
        Queued q;
        while ((q = queue.peekFirst()) != null) {
            int size = q.data().remaining();
            try {
                if (!send(q.data(), q.to()) && size > 0) {
                    return false;
                }
            } catch (IOException e) {
                fromCarrier(() -> errorReceived(e)); // this runs on the carrier: the protocol may not
            }
            queue.pollFirst();
            queuedBytes -= size;
        }
        return true;
    }

    @Override
    public long writeBufferSize() {
        return queuedBytes;
    }

    @Override
    boolean isFlushed() {
        return queue.isEmpty();
    }

    @Override
    void clearWriteQueue() {
        queue.clear();
        queuedBytes = 0;
    }
}
