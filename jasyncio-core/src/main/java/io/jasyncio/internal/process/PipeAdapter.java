package io.jasyncio.internal.process;

import io.jasyncio.net.Protocol;
import io.jasyncio.net.Transport;
import io.jasyncio.spi.CarrierSafe;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The protocol of one pipe's transport: forwards its events to the child's {@link ProcessTransport}, tagged with
 * the pipe's number (asyncio's {@code ReadSubprocessPipeProto}/{@code WriteSubprocessPipeProto}). It runs where the
 * subprocess protocol must: made {@link CarrierSafe} ({@link Inline}) exactly when that protocol is.
 */
class PipeAdapter implements Protocol {
    private final ProcessTransport owner;
    private final int fd;

    PipeAdapter(ProcessTransport owner, int fd) {
        this.owner = owner;
        this.fd = fd;
    }

    /** The adapter for a carrier-safe subprocess protocol. */
    static final class Inline extends PipeAdapter implements CarrierSafe {
        Inline(ProcessTransport owner, int fd) {
            super(owner, fd);
        }
    }

    @Override
    public void connectionMade(Transport transport) {}

    @Override
    public void dataReceived(ByteBuffer data) {
        owner.pipeData(fd, data);
    }

    @Override
    public boolean eofReceived() {
        return false;
    }

    @Override
    public void connectionLost(@Nullable Exception exception) {
        owner.pipeLost(fd, exception);
    }

    @Override
    public void pauseWriting() {
        owner.stdinPaused(true);
    }

    @Override
    public void resumeWriting() {
        owner.stdinPaused(false);
    }
}
