package io.jasyncio.internal.net;

import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentPool;
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
 * the protocol above the high-water mark, as for streams). A waiting datagram is copied once into a direct segment
 * of the loop's pool (a heap copy would be copied again by the JDK on the way out). The lifecycle, flow control and
 * where protocol code runs are {@link AbstractTransport}'s.
 *
 * <p>Datagrams are independent messages, so a failing {@code datagramReceived} or {@code errorReceived} is
 * reported and the endpoint goes on (asyncio does the same); a socket error on a send or receive goes to
 * {@code errorReceived} and the endpoint goes on. Loop-confined.
 */
final class DatagramSocketTransport extends SelectorTransport<DatagramProtocol, DatagramChannel>
        implements DatagramTransport {
    /** A datagram waiting for the socket: its bytes, and the pooled segment holding them (if any) to give back. */
    private record Queued(
            ByteBuffer data,
            @Nullable Segment segment,
            @Nullable SocketAddress to) {}

    private final @Nullable SocketAddress remote;
    private final ArrayDeque<Queued> queue = new ArrayDeque<>();
    private long queuedBytes;

    /** The loop's segment pool, for sends that must wait. */
    private final SegmentPool pool;

    DatagramSocketTransport(
            NetLoop loop, DatagramChannel channel, DatagramProtocol protocol, @Nullable SocketAddress remote)
            throws IOException {
        super(loop, channel, protocol);
        this.remote = remote;
        this.pool = SegmentPool.of(loop);
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
        int size = data.remaining();
        Segment segment = size <= SegmentPool.MAX_SIZE ? pool.take(size) : null;
        ByteBuffer copy = segment != null ? segment.buffer().limit(size) : ByteBuffer.allocateDirect(size);
        copy.put(data).flip();
        queuedBytes += size;
        queue.addLast(new Queued(copy, segment, address));
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
            giveBack(q);
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
        Queued q;
        while ((q = queue.pollFirst()) != null) {
            giveBack(q);
        }
        queuedBytes = 0;
    }

    private void giveBack(Queued q) {
        Segment s = q.segment();
        if (s != null) {
            pool.release(s);
        }
    }
}
