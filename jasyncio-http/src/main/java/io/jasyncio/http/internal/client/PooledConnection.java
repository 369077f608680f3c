package io.jasyncio.http.internal.client;

import io.jasyncio.TimerHandle;
import io.jasyncio.net.Connection;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.StreamWriter;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of a {@link ConnectionPool}: the socket's streams and its pool bookkeeping.
 *
 * <pre>
 *   opened --acquire--> IN_USE --release(reusable)--> IDLE --acquire--> IN_USE ... --> CLOSED
 * </pre>
 */
public final class PooledConnection {
    /** The pool entry it belongs to. */
    final PoolKey key;
    /** The socket's streams. */
    private final Connection streams;
    /** How many requests it has carried, this one included. */
    private int requests;
    /** The timer that closes it when it stays idle too long; set only while idle. */
    @Nullable
    TimerHandle idleTimer;
    /** Whether it was closed (by the pool or on error). */
    private boolean closed;
    /** The response side of the protocol (the parser and its buffer), made on the first request. */
    private @Nullable ResponseReader responses;

    PooledConnection(PoolKey key, Connection streams) {
        this.key = key;
        this.streams = streams;
    }

    /**
     * Returns the incoming bytes.
     *
     * @return the reader
     */
    public StreamReader reader() {
        return streams.reader();
    }

    /**
     * Returns the outgoing bytes.
     *
     * @return the writer
     */
    public StreamWriter writer() {
        return streams.writer();
    }

    /**
     * Returns whether this connection carried a request before the current one: a failure before any response
     * byte may then be a server that closed an idle connection, and an idempotent request may be retried.
     *
     * @return {@code true} if reused
     */
    public boolean isReused() {
        return requests > 1;
    }

    /**
     * Returns the connection's response reader, made on first use (it keeps the parser's state between requests).
     *
     * @return the reader
     */
    public ResponseReader responses() {
        ResponseReader r = responses;
        if (r == null) {
            r = new ResponseReader(this);
            responses = r;
        }
        return r;
    }

    void startRequest() {
        requests++;
    }

    /**
     * Returns whether the connection can carry another request: not closed, no end of file or error seen, and no
     * unexpected byte waiting (a server that sent something on an idle connection is about to close it).
     *
     * @return {@code true} if it looks usable
     */
    boolean isUsable() {
        StreamReader r = streams.reader();
        return !closed && !streams.writer().isClosing() && r.exception() == null && !r.atEof() && r.buffered() == 0;
    }

    /** Closes the socket at once, dropping unsent bytes; idempotent. */
    public void abort() {
        if (!closed) {
            closed = true;
            cancelIdleTimer();
            streams.writer().transport().abort();
        }
    }

    /**
     * Closes the socket after sending what is buffered; idempotent. Over TLS, our {@code close_notify} is sent and
     * the socket closed at once, without waiting for the server's: the exchange is over (a connection is closed
     * between requests or after its response), RFC 8446 §6.1 lets the side that closes stop reading, and a session
     * closed at the end of a program must not keep sockets open waiting for servers that may never answer.
     */
    void close() {
        if (!closed) {
            closed = true;
            cancelIdleTimer();
            streams.close(); // a plain socket closes once its buffer drains; TLS wraps close_notify right here
            if (key.tls() != null) {
                streams.writer().transport().abort(); // close_notify is in the socket's buffer: stop waiting
            }
        }
    }

    /**
     * Returns whether the connection was closed.
     *
     * @return {@code true} if closed
     */
    public boolean isClosed() {
        return closed;
    }

    void cancelIdleTimer() {
        TimerHandle t = idleTimer;
        if (t != null) {
            idleTimer = null;
            t.cancel();
        }
    }

    @Override
    public String toString() {
        return "PooledConnection[" + key + ", requests=" + requests + (closed ? ", closed" : "") + "]";
    }
}
