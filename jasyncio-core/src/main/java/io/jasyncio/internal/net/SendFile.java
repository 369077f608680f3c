package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.internal.buffer.Segment;
import io.jasyncio.internal.buffer.SegmentPool;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * {@code loop.sendfile}: zero-copy {@link FileChannel#transferTo} into the transport's socket once its write
 * buffer is empty (the kernel's {@code sendfile}: the bytes never enter the JVM); for other transports, chunks read
 * from the file into a direct segment borrowed from the loop's pool and written through the transport, which sends
 * a direct buffer without copying it.
 */
public final class SendFile {
    private SendFile() {}

    /**
     * Sends part of a file. While it runs, the socket transport refuses writes (asyncio raises too): they would
     * land in the middle of the file's bytes.
     *
     * @param eventLoop the loop
     * @param transport the transport
     * @param file the file
     * @param offset the start; at or past the end of the file nothing is sent
     * @param count the length, negative for up to the end; a count past the end means up to the end
     * @return bytes sent
     * @throws IOException if reading or writing failed
     * @throws IllegalArgumentException if the offset is negative
     * @throws IllegalStateException if the transport is closing, or another sendfile runs on it
     */
    public static long send(EventLoop eventLoop, Transport transport, FileChannel file, long offset, long count)
            throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, got " + offset);
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("the transport is closing");
        }
        long size = file.size();
        // count > size - offset rather than offset + count > size: the sum overflows for a huge count
        long end = count < 0 || count > size - offset ? size : offset + count;
        if (transport instanceof SocketTransport st) {
            st.beginSendfile();
            try {
                return transferTo(st, file, offset, end);
            } finally {
                st.endSendfile();
            }
        }
        return throughTransport(SegmentPool.of(loop), transport, file, offset, end);
    }

    /**
     * The fallback: the file's bytes read into one pooled direct segment, chunk by chunk, and written, waiting
     * whenever the transport's write buffer is above its high-water mark (so memory stays bounded by it).
     */
    private static long throughTransport(SegmentPool pool, Transport transport, FileChannel file, long offset, long end)
            throws IOException {
        long pos = offset;
        Segment segment = pool.take((int) Math.min(SegmentPool.MAX_SIZE, Math.max(1, end - pos)));
        try {
            ByteBuffer buf = segment.buffer();
            while (pos < end) {
                buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
                int n = file.read(buf, pos);
                if (n < 0) {
                    break;
                }
                buf.flip();
                transport.write(
                        buf); // sends or copies before returning (Transport's ownership rule): buf is ours again
                pos += n;
                if (transport instanceof AbstractTransport<?> at) {
                    // without this a whole file would be queued in memory behind a slow reader (a TLS transport)
                    at.awaitWriteRoom();
                    if (at.isLost()) {
                        throw new SocketException("connection lost during sendfile");
                    }
                }
            }
        } finally {
            pool.release(segment);
        }
        return Math.max(0, pos - offset);
    }

    /** Zero-copy: waits for the write buffer to drain, then feeds the socket straight from the file. */
    private static long transferTo(SocketTransport st, FileChannel file, long offset, long end) throws IOException {
        while (!st.isFlushed()) {
            st.awaitWritable();
        }
        long pos = offset;
        while (pos < end) {
            if (st.isLost()) {
                throw new SocketException("connection lost during sendfile");
            }
            long n = file.transferTo(pos, end - pos, st.channel);
            if (n > 0) {
                pos += n;
            } else if (pos >= file.size()) {
                break; // the file shrank while it was being sent
            } else {
                st.awaitWritable();
            }
        }
        return Math.max(0, pos - offset);
    }
}
