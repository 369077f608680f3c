package io.jasyncio.net;

import io.jasyncio.Asyncio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Writes bytes to a connection from a task, with backpressure (asyncio's {@code StreamWriter}).
 *
 * {@snippet :
 * writer.write(payload);
 * writer.drain();          // suspends while the transport's buffer is above its high-water mark
 * writer.close();
 * writer.awaitClosed();
 * }
 *
 * <p>It is {@link AutoCloseable}, so try-with-resources closes it; as {@link #close()} does not wait, call
 * {@link #awaitClosed()} where the caller must know the connection is closed.
 *
 * <p>{@link #write} never blocks: it hands the bytes to the transport, which sends what the socket takes and
 * buffers the rest. Call {@link #drain()} after writing to wait until the buffer is back at its low-water mark;
 * that keeps memory bounded when the peer reads slowly.
 *
 * <h2>Thread safety</h2>
 * Loop-confined.
 */
public final class StreamWriter implements AutoCloseable {
    /** The socket's transport, or the TLS one after {@link #startTls}. */
    private Transport transport;

    private final StreamProtocol protocol;
    private final @Nullable StreamReader reader;

    StreamWriter(Transport transport, StreamProtocol protocol, @Nullable StreamReader reader) {
        this.transport = transport;
        this.protocol = protocol;
        this.reader = reader;
    }

    /**
     * Writes bytes (buffered if the socket is full).
     *
     * @param data the bytes
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     */
    public void write(byte[] data) {
        transport.write(ByteBuffer.wrap(data));
    }

    /**
     * Writes the bytes from the buffer's position to its limit. Over a socket, a direct buffer that the socket takes
     * at once is not copied at all; what waits is copied once into the transport's pooled direct segments.
     *
     * <p><b>Ownership:</b> the bytes are sent or copied before this returns; the caller may reuse {@code data} at
     * once (for instance as the next {@link StreamReader#read(ByteBuffer)} destination).
     *
     * @param data the bytes; the position advances to the limit
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     */
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    /**
     * Writes several buffers in order, with one gathering write where the transport can; the rules of
     * {@link #write(ByteBuffer)} apply to each.
     *
     * @param data the buffers; every position advances to its limit
     * @throws IllegalStateException if the writer was closed or {@link #writeEof()} was called
     */
    public void write(ByteBuffer[] data) {
        transport.write(data);
    }

    /**
     * Writes a string encoded as UTF-8.
     *
     * @param text the text
     */
    public void write(String text) {
        transport.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Writes several pieces in order, with one gathering write where the transport can.
     *
     * @param data the pieces
     */
    public void writeLines(Iterable<byte[]> data) {
        transport.writeLines(data);
    }

    /**
     * Waits until the transport's write buffer is at or below its low-water mark (returns at once when it was
     * not above the high-water mark), and reports a connection error.
     *
     * <p><b>Cancellation:</b> the written data stays buffered and will still be sent; only the wait ends.
     *
     * @throws IOException the connection's error ({@link java.net.SocketException} "connection lost" after a
     *     regular close)
     */
    public void drain() throws IOException {
        StreamReader r = reader;
        if (r != null) {
            IOException e = r.exception();
            if (e != null) {
                throw e;
            }
        }
        if (transport.isClosing() && !protocol.isLost()) {
            Asyncio.sleep(Duration.ZERO); // let connectionLost run, so the error below is the real one
        }
        protocol.drainHelper();
    }

    /** Closes the connection after the buffered data is sent. Idempotent; does not wait. */
    @Override
    public void close() {
        transport.close();
    }

    /**
     * Returns whether the writer is closing or closed.
     *
     * @return {@code true} after {@link #close()} or when the connection ended
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * Waits until the connection is closed.
     *
     * <p><b>Cancellation:</b> only the wait ends; the connection keeps closing.
     *
     * @throws IOException the error the connection ended with, if any
     */
    public void awaitClosed() throws IOException {
        protocol.awaitLost();
    }

    /**
     * Returns whether {@link #writeEof()} is supported.
     *
     * @return {@code true} for TCP and Unix sockets
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /** Closes the write side after the buffered data (half-close); reading goes on. */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Upgrades the connection to TLS (STARTTLS; asyncio's {@code StreamWriter.start_tls}): runs the handshake and
     * from then on the reader and this writer go through TLS.
     *
     * {@snippet :
     * writer.write("STARTTLS\r\n");
     * reader.readLine();                          // "220 go ahead"
     * writer.startTls(TlsOptions.client(ctx).withServerName("mail.example"));
     * }
     *
     * <p>No plaintext byte received before the upgrade is ever read after it (the class of CPython's
     * CVE-2023-40217): if the reader still holds unread bytes (a peer, or someone in the middle, sent them ahead of
     * the handshake), the upgrade is refused and the connection aborted.
     *
     * <p><b>Cancellation:</b> the connection is aborted.
     *
     * @param options client or server TLS options; a client needs {@link TlsOptions#serverName()} unless the host
     *     check is off
     * @throws IOException if the handshake failed ({@link javax.net.ssl.SSLHandshakeException} naming the reason) or
     *     the connection was lost; {@link javax.net.ssl.SSLProtocolException} if unread plaintext was buffered
     * @throws IllegalStateException if the writer is closing or already speaks TLS
     */
    public void startTls(TlsOptions options) throws IOException {
        if (transport.isClosing()) {
            throw new IllegalStateException("cannot start TLS on a closing writer");
        }
        if (transport.extraInfo("sslcontext") != null) {
            throw new IllegalStateException("the connection already speaks TLS");
        }
        StreamReader r = reader;
        if (r != null && r.buffered() > 0) {
            int n = r.buffered();
            IOException refused = new javax.net.ssl.SSLProtocolException(n + " plaintext bytes received before the"
                    + " TLS upgrade are still unread; refusing to upgrade, as they would pass for protected data");
            protocol.connectionLost(refused); // the reader fails too: its bytes are never read
            transport.abort();
            throw refused;
        }
        // From here to the swap of the socket's protocol inside startTls nothing awaits: no byte can reach the
        // reader in between, and every later byte is a TLS record.
        Transport tls;
        try {
            tls = Networking.of(protocol.loop()).startTls(transport, protocol, options);
        } catch (IOException | RuntimeException e) {
            // a failure, or a cancel (the connection was aborted): the socket went to the TLS layer, which owes the
            // streams no end of their own, so tell them here
            protocol.connectionLost(e);
            throw e;
        }
        transport = tls;
        if (r != null) {
            r.replaceTransport(tls);
        }
    }

    /**
     * Returns transport information ({@code "peername"}, {@code "sockname"}, {@code "socket"}).
     *
     * @param key the name
     * @return the value, or {@code null}
     */
    public @Nullable Object extraInfo(String key) {
        return transport.extraInfo(key);
    }

    /**
     * Returns the transport underneath.
     *
     * @return the transport
     */
    public Transport transport() {
        return transport;
    }

    /**
     * Returns how many bytes wait in the transport's buffer.
     *
     * @return bytes
     */
    public long writeBufferSize() {
        return transport.writeBufferSize();
    }

    @Override
    public String toString() {
        return "StreamWriter[" + transport + "]";
    }
}
