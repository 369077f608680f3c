package io.jasyncio.internal;

import io.jasyncio.ExceptionContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A loop's {@link Selector}: the channel registrations (one {@link SelectorIoSource} per channel, made on first use,
 * forgotten when it is cancelled or, once its owner closed the channel, by a {@link #sweep}), polling for readiness,
 * and the one read buffer transports share. The poller under the loop: an io_uring or epoll loop would replace this
 * class.
 *
 * <p>Loop-confined (the loop checks the thread before calling in), except {@link #wakeup()}.
 */
final class SelectorPoller {
    /** The smallest map that is swept (a pass every few registrations is not worth it for a tiny one). */
    private static final int MIN_SWEEP = 16;

    private final SelectorEventLoop loop;
    private final Selector selector;
    private final Consumer<SelectionKey> onSelected = SelectorPoller::selected;
    /**
     * The registration of each channel. Linked, so that a sweep costs the entries, not the table's capacity (a
     * {@code HashMap}'s table never shrinks after a burst of connections).
     */
    private final Map<SelectableChannel, SelectorIoSource> sources = new LinkedHashMap<>();
    /** The map's size at which the next registration {@link #sweep}s first: twice what the last sweep kept. */
    private int sweepAt = MIN_SWEEP;
    /** The loop's one direct buffer for socket reads (made on first use; 256 KiB, as asyncio's read size). */
    private @Nullable ByteBuffer readBuffer;

    SelectorPoller(SelectorEventLoop loop) throws IOException {
        this.loop = loop;
        this.selector = Selector.open();
    }

    /**
     * Polls for readiness and runs the internal readiness callbacks at once (user ones are queued); returns how many
     * channels were ready. Blocks at most {@code blockNanos} ({@link Long#MAX_VALUE}: until woken; 0 or less: not at
     * all), and only if nothing arrived in the inbox meanwhile (the {@link RunQueue} handshake).
     */
    int poll(long blockNanos, RunQueue queue) throws IOException {
        if (blockNanos <= 0) {
            return pollNow();
        }
        try {
            if (!queue.prepareToSleep()) {
                return pollNow();
            }
            return selector.select(onSelected, blockNanos == Long.MAX_VALUE ? 0 : ceilMillis(blockNanos));
        } finally {
            queue.awake();
        }
    }

    /**
     * Polls without blocking. With no channel registered nothing can be ready, so the system call (a third of a task
     * switch) is skipped; a pending {@code wakeup} then makes the next blocking select return at once, which only
     * costs one more iteration.
     */
    private int pollNow() throws IOException {
        return selector.keys().isEmpty() ? 0 : selector.selectNow(onSelected);
    }

    /** Rounds a positive number of nanoseconds up to milliseconds (at least 1) without overflowing. */
    private static long ceilMillis(long nanos) {
        return Math.max(1, nanos / 1_000_000 + (nanos % 1_000_000 != 0 ? 1 : 0));
    }

    private static void selected(SelectionKey key) {
        if (key.attachment() instanceof SelectorIoSource s) {
            s.ready(key.readyOps());
        }
    }

    /** Runs an internal readiness callback inside the selector's callback (it never blocks). */
    void runInline(Runnable r) {
        try {
            r.run();
        } catch (Throwable e) {
            loop.callExceptionHandler(new ExceptionContext("internal I/O callback failed", e, null, r.toString()));
        }
    }

    /** Makes a blocked {@link #poll} return. Any thread. */
    void wakeup() {
        selector.wakeup();
    }

    void close() throws IOException {
        selector.close();
    }

    SelectorIoSource ioSource(SelectableChannel channel) throws IOException {
        SelectorIoSource s = sources.get(channel);
        if (s != null && s.key().isValid()) {
            return s;
        }
        if (s != null) {
            flushCancelled(); // or register throws
        }
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
        if (sources.size() >= sweepAt) {
            sweep();
        }
        SelectionKey key = channel.register(selector, 0);
        SelectorIoSource fresh = new SelectorIoSource(loop, this, key, channel);
        key.attach(fresh);
        sources.put(channel, fresh);
        return fresh;
    }

    /**
     * Drops the registrations of channels their owners closed without cancelling the source: a socket used with
     * {@code sockRecv}/{@code sockSendAll}/{@code sockAccept}/{@code sockConnect}, or whose reader and writer were
     * removed, keeps its registration while open (the next call then costs no {@code register}), and
     * {@code channel.close()} cancels the key but cannot tell the loop. Run from {@link #ioSource} when a new
     * registration finds the map at twice the size the last sweep left (as a hash table grows): the map holds at most
     * about twice the live channels, and a sweep's cost is paid by the registrations since the last one (amortised
     * O(1) per registration; nothing on the paths that reuse a registration). A registration whose channel is open,
     * or that still holds a user callback (asyncio keeps those until {@code removeReader}/{@code removeWriter}), is
     * kept.
     */
    private void sweep() {
        sources.values().removeIf(SelectorIoSource::disposable);
        sweepAt = Math.max(2 * sources.size(), MIN_SWEEP);
    }

    /**
     * Deregisters the cancelled keys now (a select does it), which also closes the sockets of channels closed while
     * registered.
     */
    void flushCancelled() throws IOException {
        selector.selectNow();
        // That select also put whatever was ready into the selected-key set, which nothing else reads (the loop
        // selects with a consumer): empty it, or it would keep those keys, and their channels, reachable.
        // Readiness is level-triggered, so the next poll reports it again.
        selector.selectedKeys().clear();
    }

    void forget(SelectorIoSource s) {
        sources.remove(s.key().channel());
    }

    /** Forgets a registration whose channel was closed once its last user callback is removed. */
    private void forgetIfDisposable(SelectorIoSource s) {
        if (s.disposable()) {
            forget(s);
        }
    }

    boolean removeReader(SelectableChannel channel) {
        SelectorIoSource s = sources.get(channel);
        if (s == null || !s.hasReader()) {
            return false;
        }
        s.setReader(null, true);
        forgetIfDisposable(s);
        return true;
    }

    boolean removeWriter(SelectableChannel channel) {
        SelectorIoSource s = sources.get(channel);
        if (s == null || !s.hasWriter()) {
            return false;
        }
        s.setWriter(null, true);
        forgetIfDisposable(s);
        return true;
    }

    /** How many channel registrations the map keeps (live ones and those not swept yet). */
    int registrations() {
        return sources.size();
    }

    ByteBuffer readBuffer() {
        ByteBuffer b = readBuffer;
        if (b == null) {
            b = ByteBuffer.allocateDirect(256 * 1024);
            readBuffer = b;
        }
        return b;
    }
}
