package io.jasyncio.internal.net;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.spi.IoSource;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jspecify.annotations.Nullable;

/**
 * The loop's low-level socket calls ({@code sockRecv}, {@code sockSendAll}, {@code sockAccept},
 * {@code sockConnect}) and the channel waits that connecting and serving share. Every waiting method must run in a
 * task of the loop it is given; a channel stays registered with the loop until it is closed.
 */
public final class Sockets {
    private Sockets() {}

    /**
     * Reads what is available into a buffer, waiting until at least one byte (or end of file) arrives.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param buf where to read
     * @return the bytes read, or -1 at end of file
     * @throws IOException if the read failed
     */
    public static int sockRecv(EventLoop eventLoop, SocketChannel ch, ByteBuffer buf) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        ch.configureBlocking(false);
        int n = ch.read(buf);
        if (n != 0 || !buf.hasRemaining()) {
            return n;
        }
        IoSource src = loop.ioSource(ch);
        while (true) {
            awaitReadable(loop, src);
            n = ch.read(buf);
            if (n != 0) {
                return n;
            }
        }
    }

    /**
     * Sends the whole buffer, waiting while the socket is full.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param buf the bytes; on cancellation its position tells how much was sent
     * @throws IOException if a write failed
     */
    public static void sockSendAll(EventLoop eventLoop, SocketChannel ch, ByteBuffer buf) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        ch.configureBlocking(false);
        ch.write(buf);
        if (!buf.hasRemaining()) {
            return;
        }
        IoSource src = loop.ioSource(ch);
        while (buf.hasRemaining()) {
            awaitWritable(loop, src);
            ch.write(buf);
        }
    }

    /**
     * Accepts one connection, waiting for it.
     *
     * @param eventLoop the loop
     * @param listener the listening socket
     * @return the accepted socket, in non-blocking mode
     * @throws IOException if accepting failed
     */
    public static SocketChannel sockAccept(EventLoop eventLoop, ServerSocketChannel listener) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        listener.configureBlocking(false);
        while (true) {
            SocketChannel c = listener.accept();
            if (c != null) {
                c.configureBlocking(false);
                return c;
            }
            awaitReadable(loop, loop.ioSource(listener));
        }
    }

    /**
     * Connects a socket, waiting for the connection to finish.
     *
     * @param eventLoop the loop
     * @param ch the socket
     * @param address where to
     * @throws IOException if connecting failed
     */
    public static void sockConnect(EventLoop eventLoop, SocketChannel ch, SocketAddress address) throws IOException {
        NetLoop loop = NetLoop.of(eventLoop);
        loop.requireTask();
        connectChannel(loop, ch, address);
    }

    /** Connects a channel, waiting for the connect to finish; the channel stays registered with the loop. */
    static void connectChannel(NetLoop loop, SocketChannel ch, SocketAddress addr) throws IOException {
        ch.configureBlocking(false);
        if (ch.connect(addr)) {
            return;
        }
        IoSource src = loop.ioSource(ch);
        while (true) {
            awaitWritable(loop, src);
            if (ch.finishConnect()) {
                return;
            }
        }
    }

    /** Deregisters (if registered) and closes a channel that has no transport. */
    static void closeUnregistered(NetLoop loop, SelectableChannel ch) {
        try {
            if (ch.isRegistered() && ch.isOpen()) {
                loop.ioSource(ch).cancel();
            }
        } catch (IOException | RuntimeException ignored) {
            // closing anyway
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    /** Waits until the source is readable (or acceptable). Cancellation removes the interest. */
    static void awaitReadable(NetLoop loop, IoSource src) {
        awaitReady(loop, src, true);
    }

    /** Waits until the source is writable (or connected). Cancellation removes the interest. */
    static void awaitWritable(NetLoop loop, IoSource src) {
        awaitReady(loop, src, false);
    }

    private static void awaitReady(NetLoop loop, IoSource src, boolean read) {
        Future<@Nullable Void> f = loop.createFuture();
        Runnable wake = () -> f.trySetResult(null);
        if (read) {
            src.setReader(wake, false);
        } else {
            src.setWriter(wake, false);
        }
        try {
            f.await();
        } finally {
            if (read) {
                src.setReader(null, false);
            } else {
                src.setWriter(null, false);
            }
        }
    }
}
