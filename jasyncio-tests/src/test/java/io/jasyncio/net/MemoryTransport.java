package io.jasyncio.net;

import io.jasyncio.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-memory connection for the stream contract: bytes written here reach the peer's protocol in
 * later loop callbacks, one write per callback, honouring the peer's {@code pauseReading} and this side's
 * write-buffer limits (what is not yet delivered counts as buffered).
 */
final class MemoryTransport implements Transport {
    private final EventLoop loop;
    private final Protocol protocol;
    private @Nullable MemoryTransport peer;
    private final ArrayDeque<byte[]> inFlight = new ArrayDeque<>();
    private long inFlightBytes;
    private boolean reading = true;
    private boolean closing;
    private boolean closedByUser;
    private boolean eofRequested;
    private boolean eofDelivered;
    private boolean lost;
    private boolean paused;
    private boolean deliveryScheduled;
    private int high = 64 * 1024;
    private int low = 16 * 1024;

    private MemoryTransport(EventLoop loop, Protocol protocol) {
        this.loop = loop;
        this.protocol = protocol;
    }

    /** Connects two protocols in memory; both get {@code connectionMade} on the next iteration. */
    static void pair(EventLoop loop, Protocol a, Protocol b) {
        MemoryTransport ta = new MemoryTransport(loop, a);
        MemoryTransport tb = new MemoryTransport(loop, b);
        ta.peer = tb;
        tb.peer = ta;
        loop.callSoon(() -> {
            a.connectionMade(ta);
            b.connectionMade(tb);
        });
    }

    private MemoryTransport peer() {
        MemoryTransport p = peer;
        if (p == null) {
            throw new IllegalStateException("unpaired");
        }
        return p;
    }

    @Override
    public void write(ByteBuffer data) {
        if (eofRequested) {
            throw new IllegalStateException("cannot write after writeEof()");
        }
        if (closing) {
            if (closedByUser) {
                throw new IllegalStateException("cannot write to a closed transport");
            }
            data.position(data.limit());
            return;
        }
        if (!data.hasRemaining()) {
            return;
        }
        byte[] copy = new byte[data.remaining()];
        data.get(copy);
        inFlight.addLast(copy);
        inFlightBytes += copy.length;
        scheduleDelivery();
        if (!paused && inFlightBytes > high) {
            paused = true;
            protocol.pauseWriting();
        }
    }

    private void scheduleDelivery() {
        if (!deliveryScheduled) {
            deliveryScheduled = true;
            loop.callSoon(this::deliverOne);
        }
    }

    /** Delivers one pending write (or the end of file) to the peer, then reschedules itself if more is due. */
    private void deliverOne() {
        deliveryScheduled = false;
        MemoryTransport p = peer();
        if (p.lost) {
            inFlight.clear();
            inFlightBytes = 0;
        } else if (p.reading && !inFlight.isEmpty()) {
            byte[] chunk = inFlight.pollFirst();
            inFlightBytes -= chunk.length;
            p.protocol.dataReceived(ByteBuffer.wrap(chunk));
        }
        if (paused && inFlightBytes <= low) {
            paused = false;
            protocol.resumeWriting();
        }
        if (!inFlight.isEmpty()) {
            if (p.reading) {
                scheduleDelivery();
            }
            return;
        }
        if ((eofRequested || closing) && !eofDelivered) {
            eofDelivered = true;
            if (!p.lost && !p.protocol.eofReceived()) {
                p.closeInternal();
            }
        }
        if (closing) {
            lose();
        }
    }

    private void lose() {
        if (!lost) {
            lost = true;
            protocol.connectionLost(null);
        }
    }

    @Override
    public void writeEof() {
        if (closing || eofRequested) {
            return;
        }
        eofRequested = true;
        scheduleDelivery();
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void abort() {
        closedByUser = true;
        closing = true;
        inFlight.clear();
        inFlightBytes = 0;
        scheduleDelivery();
    }

    @Override
    public void close() {
        closedByUser = true;
        closeInternal();
    }

    private void closeInternal() {
        if (closing) {
            return;
        }
        closing = true;
        reading = false;
        scheduleDelivery();
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void pauseReading() {
        reading = false;
    }

    @Override
    public void resumeReading() {
        if (!reading && !closing) {
            reading = true;
            peer().scheduleDelivery();
        }
    }

    @Override
    public boolean isReading() {
        return reading;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        this.high = high;
        this.low = low;
    }

    @Override
    public int writeBufferHighWater() {
        return high;
    }

    @Override
    public int writeBufferLowWater() {
        return low;
    }

    @Override
    public long writeBufferSize() {
        return inFlightBytes;
    }

    @Override
    public BaseProtocol protocol() {
        return protocol;
    }

    @Override
    public @Nullable Object extraInfo(String key) {
        return "peername".equals(key) ? "memory" : null;
    }
}
