package io.jasyncio.internal.net;

import io.jasyncio.net.BufferedProtocol;
import io.jasyncio.net.Transport;
import io.jasyncio.spi.CarrierSafe;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The protocol a {@link TlsTransport} gives the socket transport under it: records in, write flow control and the
 * end of the connection, each handed straight to the TLS layer. {@link OnCarrier} is the same code marked
 * carrier-safe, used when the application's protocol is carrier-safe, so the socket's read handler runs exactly
 * where the application's protocol must (docs/design.md, "TLS will plug in as a layer").
 *
 * <p>Loop-confined.
 */
class TlsWire implements BufferedProtocol {
    private final TlsTransport tls;

    TlsWire(TlsTransport tls) {
        this.tls = tls;
    }

    @Override
    public void connectionMade(Transport transport) {
        tls.lowerMade((SocketTransport) transport);
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return tls.inbound.buffer(sizeHint);
    }

    @Override
    public void bufferUpdated(int n) {
        tls.inbound.pump();
    }

    @Override
    public boolean eofReceived() {
        tls.inbound.eof();
        return true; // the TLS layer decides when the socket closes
    }

    @Override
    public void connectionLost(@Nullable Exception exception) {
        tls.lowerLost(exception);
    }

    @Override
    public void pauseWriting() {
        tls.wirePaused();
    }

    @Override
    public void resumeWriting() {
        tls.wireResumed();
    }

    /** The wire of a carrier-safe application protocol. */
    static final class OnCarrier extends TlsWire implements CarrierSafe {
        OnCarrier(TlsTransport tls) {
            super(tls);
        }
    }
}
