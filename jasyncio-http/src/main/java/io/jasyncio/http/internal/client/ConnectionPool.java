package io.jasyncio.http.internal.client;

import io.jasyncio.CancelledException;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.http.client.PoolStats;
import io.jasyncio.net.Connection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The keep-alive pool behind a connector: idle connections per {@link PoolKey}, a total {@code limit} and a
 * {@code limitPerHost} (both changeable at run time; 0 means no limit), and the tasks waiting for a slot.
 *
 * <h2>Invariants</h2>
 * <ul>
 *   <li>{@code open} = the sum over hosts of in use + idle + opening, and never exceeds {@code limit} except for a
 *       while after the limit was lowered (connections over it are closed when released).
 *   <li>After every change, {@link #dispatch()} has run: no waiter is queued that could be served now. So a
 *       newcomer that can be served takes its slot at once without overtaking anybody.
 *   <li>A waiter is granted its slot by hand-off: the grant (an idle connection, or the right to open one) is
 *       reserved before its task resumes, so nobody can take it in between.
 * </ul>
 *
 * <p>Waiters are served in FIFO order among those that can be served: a waiter held back by its host's limit does
 * not hold back a waiter for another host.
 *
 * <p>Loop-confined: code between two awaits is atomic, so no lock is needed.
 */
public final class ConnectionPool {

    /** Opens a new connection for a key (connect, maybe TLS); called with a slot reserved. */
    @FunctionalInterface
    public interface Opener {
        /**
         * Opens a connection.
         *
         * @param key where to
         * @return the streams
         * @throws IOException if it failed
         */
        Connection open(PoolKey key) throws IOException;
    }

    /** What a waiter is handed: an idle connection, or the right to open one (a reserved slot). */
    private sealed interface Grant {}

    private record Reuse(PooledConnection connection) implements Grant {}

    private enum Open implements Grant {
        SLOT
    }

    private record Waiter(PoolKey key, Future<Grant> future) {}

    /** The connections of one key. */
    private static final class Host {
        /** Idle connections, most recently used last (reused first: it is the least likely to be stale). */
        final ArrayDeque<PooledConnection> idle = new ArrayDeque<>();
        /** Connections carrying a request. */
        final Set<PooledConnection> inUse = new LinkedHashSet<>();
        /** Slots reserved for connections being opened. */
        int opening;

        int open() {
            return idle.size() + inUse.size() + opening;
        }
    }

    private final EventLoop loop;
    private final Map<PoolKey, Host> hosts = new HashMap<>();
    /** Waiting tasks in arrival order; a cancelled one removes itself. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** All connections: in use, idle and opening. */
    private int open;

    private int limit;
    private int limitPerHost;
    private @Nullable Duration keepAlive;
    private boolean closed;

    /**
     * Creates a pool.
     *
     * @param loop the loop it is confined to
     * @param limit the most connections in all, 0 for no limit
     * @param limitPerHost the most connections per key, 0 for no limit
     * @param keepAlive how long an idle connection is kept, {@code null} to close each after its request
     */
    public ConnectionPool(EventLoop loop, int limit, int limitPerHost, @Nullable Duration keepAlive) {
        this.loop = loop;
        this.limit = checkLimit(limit);
        this.limitPerHost = checkLimit(limitPerHost);
        this.keepAlive = keepAlive;
    }

    private static int checkLimit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a limit cannot be negative (0 means no limit), got " + n);
        }
        return n;
    }

    /**
     * Returns the total limit.
     *
     * @return the limit, 0 for none
     */
    public int limit() {
        return limit;
    }

    /**
     * Returns the per-key limit.
     *
     * @return the limit, 0 for none
     */
    public int limitPerHost() {
        return limitPerHost;
    }

    /**
     * Changes the total limit: raising it serves waiters now; lowering it closes idle connections over it now and
     * busy ones when they are released.
     *
     * @param n the limit, 0 for none
     */
    public void setLimit(int n) {
        limit = checkLimit(n);
        trimIdle();
        dispatch();
    }

    /**
     * Changes the per-key limit, as {@link #setLimit(int)} does.
     *
     * @param n the limit, 0 for none
     */
    public void setLimitPerHost(int n) {
        limitPerHost = checkLimit(n);
        trimIdle();
        dispatch();
    }

    /**
     * Gets a connection for {@code key}: a usable idle one, else a new one from {@code opener} once a slot is
     * free. Stale idle connections (closed by the server) are closed on the way.
     *
     * <p><b>Cancellation:</b> a waiter leaves the queue; a slot handed to it just before the cancellation is passed
     * on to the next waiter; a half-opened connection is closed. No slot leaks.
     *
     * @param key where to
     * @param opener opens a connection when none is idle
     * @return the connection, to give back with {@link #release}
     * @throws IOException if opening failed (the slot is freed)
     * @throws IllegalStateException if the pool is closed
     */
    public PooledConnection acquire(PoolKey key, Opener opener) throws IOException {
        checkOpen();
        Grant grant = canGrant(key) ? grant(key) : awaitGrant(key);
        if (grant instanceof Reuse(PooledConnection c)) {
            c.startRequest();
            return c;
        }
        Connection streams;
        try {
            streams = opener.open(key);
        } catch (Throwable e) {
            // The reserved slot goes back before anyone else can look at the pool (this is atomic up to the throw).
            open--;
            if (!closed) {
                Host h = host(key);
                h.opening--;
                forgetIfEmpty(key, h);
                dispatch();
            }
            throw e;
        }
        PooledConnection c = new PooledConnection(key, streams);
        if (closed) {
            // close() left this slot counted for us: the session closed while we were connecting.
            open--;
            c.abort();
            throw new IllegalStateException("the client session was closed");
        }
        Host h = host(key);
        h.opening--;
        h.inUse.add(c);
        c.startRequest();
        return c;
    }

    private Grant awaitGrant(PoolKey key) {
        Future<Grant> f = loop.createFuture();
        Waiter w = new Waiter(key, f);
        waiters.add(w);
        try {
            return f.await();
        } catch (CancelledException e) {
            waiters.remove(w);
            // The grant may have been handed over after the cancellation was requested but before this task
            // resumed: give it back, or its slot (or idle connection) would leak.
            if (f.isDone() && !f.isCancelled()) {
                giveBack(key, f.resultNow());
            }
            throw e;
        }
    }

    private void giveBack(PoolKey key, Grant g) {
        if (g instanceof Reuse(PooledConnection c)) {
            release(c, true);
        } else {
            open--;
            if (!closed) {
                Host h = host(key);
                h.opening--;
                forgetIfEmpty(key, h);
                dispatch();
            }
        }
    }

    /**
     * Gives a connection back: kept idle for reuse when {@code reusable}, keep-alive is on, it looks usable and the
     * limits allow; closed otherwise. Serves the waiters.
     *
     * @param c the connection from {@link #acquire}
     * @param reusable whether the response was read to its end and the server allows keep-alive
     */
    public void release(PooledConnection c, boolean reusable) {
        Host h = hosts.get(c.key);
        if (h == null || !h.inUse.remove(c)) {
            return; // released twice, or the pool was closed meanwhile
        }
        Duration ka = keepAlive;
        if (reusable
                && ka != null
                && !closed
                && c.isUsable()
                && (limit == 0 || open <= limit)
                && (limitPerHost == 0 || h.open() <= limitPerHost)) {
            h.idle.addLast(c);
            c.idleTimer = loop.callLater(ka, () -> expire(c));
        } else {
            c.close();
            open--;
            forgetIfEmpty(c.key, h);
        }
        dispatch();
    }

    /** Closes a connection that stayed idle for the keep-alive time. */
    private void expire(PooledConnection c) {
        c.idleTimer = null;
        Host h = hosts.get(c.key);
        if (h != null && h.idle.remove(c)) {
            c.close();
            open--;
            forgetIfEmpty(c.key, h);
            dispatch();
        }
    }

    /**
     * Closes the idle connections of one key: one of them was found closed by the server, so the others, idle
     * as long, are suspect too (the retry of a request that met a stale connection goes to a fresh one).
     *
     * @param key the key
     */
    public void closeIdle(PoolKey key) {
        Host h = hosts.get(key);
        if (h != null && !h.idle.isEmpty()) {
            for (PooledConnection c : h.idle) {
                c.close();
                open--;
            }
            h.idle.clear();
            forgetIfEmpty(key, h);
            dispatch();
        }
    }

    /** Serves every waiter that can be served now, oldest first. */
    private void dispatch() {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.future().isDone()) {
                it.remove();
            } else if (canGrant(w.key())) {
                it.remove();
                w.future().setResult(grant(w.key()));
            }
        }
    }

    private boolean canGrant(PoolKey key) {
        Host h = hosts.get(key);
        if (h != null) {
            dropStale(h);
            if (!h.idle.isEmpty()) {
                return true;
            }
        }
        int hostOpen = h == null ? 0 : h.open();
        if (limitPerHost != 0 && hostOpen >= limitPerHost) {
            return false;
        }
        return limit == 0 || open < limit || hasIdleElsewhere(key);
    }

    /** Takes the slot {@link #canGrant} found: an idle connection, or a new slot (evicting another key's idle one). */
    private Grant grant(PoolKey key) {
        Host h = host(key);
        PooledConnection c = h.idle.pollLast();
        if (c != null) {
            c.cancelIdleTimer();
            h.inUse.add(c);
            return new Reuse(c);
        }
        if (limit != 0 && open >= limit) {
            evictOldestIdle(key);
        }
        h.opening++;
        open++;
        return Open.SLOT;
    }

    private boolean hasIdleElsewhere(PoolKey key) {
        for (var e : hosts.entrySet()) {
            if (!e.getKey().equals(key) && !e.getValue().idle.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private void evictOldestIdle(PoolKey except) {
        for (var it = hosts.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            Host h = e.getValue();
            if (!e.getKey().equals(except) && !h.idle.isEmpty()) {
                h.idle.pollFirst().close();
                open--;
                if (h.open() == 0 && !hasWaiter(e.getKey())) {
                    it.remove();
                }
                return;
            }
        }
    }

    /** Closes idle connections the server closed (or that received unexpected bytes). */
    private void dropStale(Host h) {
        for (Iterator<PooledConnection> it = h.idle.iterator(); it.hasNext(); ) {
            PooledConnection c = it.next();
            if (!c.isUsable()) {
                it.remove();
                c.close();
                open--;
            }
        }
    }

    /** Closes idle connections over a lowered limit. */
    private void trimIdle() {
        for (var it = hosts.entrySet().iterator(); it.hasNext(); ) {
            Host h = it.next().getValue();
            while (!h.idle.isEmpty()
                    && ((limit != 0 && open > limit) || (limitPerHost != 0 && h.open() > limitPerHost))) {
                h.idle.pollFirst().close();
                open--;
            }
        }
        hosts.entrySet().removeIf(e -> e.getValue().open() == 0 && !hasWaiter(e.getKey()));
    }

    private Host host(PoolKey key) {
        return hosts.computeIfAbsent(key, k -> new Host());
    }

    private void forgetIfEmpty(PoolKey key, Host h) {
        if (h.open() == 0) {
            hosts.remove(key, h);
        }
    }

    private boolean hasWaiter(PoolKey key) {
        for (Waiter w : waiters) {
            if (w.key().equals(key)) {
                return true;
            }
        }
        return false;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the client session was closed");
        }
    }

    /**
     * Closes every connection, idle or in use, and fails the waiters; later acquires fail. Idempotent.
     */
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Host h : hosts.values()) {
            for (PooledConnection c : h.idle) {
                c.close();
            }
            for (PooledConnection c : h.inUse) {
                c.abort();
            }
        }
        // Opening slots stay counted until their opener returns (it aborts the connection it made).
        int opening = 0;
        for (Host h : hosts.values()) {
            opening += h.opening;
        }
        hosts.clear();
        open = opening;
        List<Waiter> failed = new ArrayList<>(waiters);
        waiters.clear();
        for (Waiter w : failed) {
            w.future().setException(new IllegalStateException("the client session was closed"));
        }
    }

    /**
     * Returns the pool's counts, for tests and monitoring.
     *
     * @return the counts
     */
    public PoolStats stats() {
        int idle = 0;
        int inUse = 0;
        int opening = 0;
        for (Host h : hosts.values()) {
            idle += h.idle.size();
            inUse += h.inUse.size();
            opening += h.opening;
        }
        int waiting = 0;
        for (Waiter w : waiters) {
            if (!w.future().isDone()) {
                waiting++;
            }
        }
        return new PoolStats(open, idle, inUse, opening, waiting);
    }

    @Override
    public String toString() {
        PoolStats s = stats();
        return "ConnectionPool[open=" + s.open() + ", idle=" + s.idle() + ", inUse=" + s.inUse() + ", waiting="
                + s.waiting() + ", limit=" + limit + ", limitPerHost=" + limitPerHost + "]";
    }
}
