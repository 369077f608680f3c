package io.jasyncio.net;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import java.io.Serial;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import org.jspecify.annotations.Nullable;

/**
 * One end of an in-memory connection, for the transport and stream contracts: bytes written here reach the peer's
 * protocol in later loop callbacks, one write per callback, honouring the peer's {@code pauseReading} (which holds
 * back the end of file too, as a socket's does) and this side's write-buffer limits (what is not yet delivered
 * counts as buffered). Each end's {@code sockname} is the other's {@code peername}.
 */
final class MemoryTransport implements Transport {
    private final EventLoop loop;
    private final Protocol protocol;
    private final Address sockname;
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

    /** The name of one end (only equal to itself). */
    static final class Address extends SocketAddress {
        @Serial
        private static final long serialVersionUID = 1L;

        private final String name;

        Address(String name) {
            this.name = name;
        }

        @Override
        public String toString() {
            return "memory:" + name;
        }
    }

    private MemoryTransport(EventLoop loop, Protocol protocol, Address sockname) {
        this.loop = loop;
        this.protocol = protocol;
        this.sockname = sockname;
    }

    /** Connects two protocols in memory; both get {@code connectionMade} on the next iteration. */
    static void pair(EventLoop loop, Protocol a, Protocol b) {
        MemoryTransport ta = new MemoryTransport(loop, a, new Address("a"));
        MemoryTransport tb = new MemoryTransport(loop, b, new Address("b"));
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

    /** Loop-confined, as the socket transports are. */
    private void checkThread() {
        EventLoop running;
        try {
            running = Asyncio.loop();
        } catch (IllegalStateException notInALoop) {
            running = null;
        }
        if (running != loop) {
            throw new IllegalStateException("this loop's objects must be used from its own thread");
        }
    }

    @Override
    public void write(ByteBuffer data) {
        checkThread();
        if (eofRequested && !lost) {
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
        maybePause();
    }

    private void maybePause() {
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
        // a reader that paused (or stopped reading to close) does not see the end of file either
        if ((eofRequested || closing) && !eofDelivered && (p.reading || p.lost)) {
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
            // what the peer still had in flight to this end can be dropped now
            MemoryTransport p = peer();
            if (!p.lost) {
                p.scheduleDelivery();
            }
        }
    }

    @Override
    public void writeEof() {
        checkThread();
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
        checkThread();
        closedByUser = true;
        closing = true;
        reading = false;
        inFlight.clear();
        inFlightBytes = 0;
        scheduleDelivery();
    }

    @Override
    public void close() {
        checkThread();
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
        checkThread();
        if (!closing) {
            reading = false;
        }
    }

    @Override
    public void resumeReading() {
        checkThread();
        if (!reading && !closing) {
            reading = true;
            peer().scheduleDelivery();
        }
    }

    @Override
    public boolean isReading() {
        return reading && !closing;
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        checkThread();
        if (high < 0 || low < 0 || low > high) {
            throw new IllegalArgumentException("need 0 <= low <= high, got high=" + high + ", low=" + low);
        }
        this.high = high;
        this.low = low;
        maybePause();
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
        return switch (key) {
            case "sockname" -> sockname;
            case "peername" -> peer().sockname;
            default -> null;
        };
    }

    @Override
    public String toString() {
        return "MemoryTransport[" + sockname + (lost ? ", lost" : closing ? ", closing" : "") + ", buffered="
                + inFlightBytes + "]";
    }
}
