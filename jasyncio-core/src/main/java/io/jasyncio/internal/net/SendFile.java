package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@code loop.sendfile}: zero-copy {@link FileChannel#transferTo} into the transport's socket once its write
 * buffer is empty; for other transports, chunks read from the file and written through the transport.
 */
public final class SendFile {
    private static final int CHUNK = 256 * 1024;

    private SendFile() {}

    /**
     * Sends part of a file.
     *
     * @param eventLoop the loop
     * @param transport the transport
     * @param file the file
     * @param offset the start
     * @param count the length, negative for up to the end
     * @return bytes sent
     * @throws IOException if reading or writing failed
     */
    public static long send(EventLoop eventLoop, Transport transport, FileChannel file, long offset, long count)
            throws IOException {
        SelectorEventLoop loop = Net.selectorLoop(eventLoop);
        loop.currentTaskForAwait();
        if (transport.isClosing()) {
            throw new IllegalStateException("the transport is closing");
        }
        long end = count < 0 ? file.size() : Math.min(file.size(), offset + count);
        long pos = offset;
        if (transport instanceof SocketTransport st) {
            while (!st.isFlushed()) {
                st.awaitWritable();
            }
            while (pos < end) {
                if (st.isLost()) {
                    throw new SocketException("connection lost during sendfile");
                }
                long n = file.transferTo(pos, end - pos, st.channel());
                if (n > 0) {
                    pos += n;
                } else {
                    st.awaitWritable();
                }
            }
            return pos - offset;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(1, end - pos)));
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = file.read(buf, pos);
            if (n < 0) {
                break;
            }
            buf.flip();
            transport.write(buf);
            pos += n;
        }
        return pos - offset;
    }
}
