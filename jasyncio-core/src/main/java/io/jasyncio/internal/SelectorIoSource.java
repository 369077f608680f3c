package io.jasyncio.internal;

import io.jasyncio.spi.IoSource;
import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import org.jspecify.annotations.Nullable;

/**
 * A channel registered with the loop's selector, and what to run when it becomes readable or writable.
 *
 * <p>Interest is set when a reader or writer is installed and removed lazily: when readiness arrives with
 * nobody to run, so a channel that is read in a loop costs no {@code epoll_ctl} per read. User callbacks run in
 * the callback runner; internal ones (which must not block) run directly on the carrier. Replacing or removing a
 * user callback cancels its handle, so a call that readiness already queued does not run. Loop-confined.
 */
final class SelectorIoSource implements IoSource {
    private final SelectorEventLoop loop;
    private final SelectorPoller poller;
    private final SelectionKey key;
    private final int readOps;
    private @Nullable Runnable reader;
    private boolean readerIsUser;
    private @Nullable Runnable writer;
    private boolean writerIsUser;
    /** Reused ready-queue entries for user callbacks (one allocation per install, not per event). */
    private @Nullable CallbackHandle readerHandle;

    private @Nullable CallbackHandle writerHandle;

    SelectorIoSource(SelectorEventLoop loop, SelectorPoller poller, SelectionKey key, SelectableChannel channel) {
        this.loop = loop;
        this.poller = poller;
        this.key = key;
        this.readOps = channel.validOps() & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT);
    }

    @Override
    public void setReader(@Nullable Runnable callback, boolean user) {
        cancelQueued(readerHandle);
        reader = callback;
        readerIsUser = user;
        readerHandle = callback != null && user ? new CallbackHandle(callback, true, null) : null;
        if (callback != null) {
            addInterest(readOps);
        }
    }

    @Override
    public void setWriter(@Nullable Runnable callback, boolean user) {
        cancelQueued(writerHandle);
        writer = callback;
        writerIsUser = user;
        writerHandle = callback != null && user ? new CallbackHandle(callback, true, null) : null;
        if (callback != null) {
            addInterest(key.channel().validOps() & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT));
        }
    }

    @Override
    public boolean hasReader() {
        return reader != null;
    }

    @Override
    public boolean hasWriter() {
        return writer != null;
    }

    @Override
    public void cancel() {
        cancelQueued(readerHandle);
        cancelQueued(writerHandle);
        readerHandle = null;
        writerHandle = null;
        reader = null;
        writer = null;
        key.cancel();
        poller.forget(this);
    }

    @Override
    public void cancelAndClose() throws IOException {
        cancel();
        key.channel().close();
        poller.flushCancelled(); // the deregistration that really closes the socket
    }

    /**
     * Cancels the handle of a user callback that is being replaced or removed: readiness may already have queued
     * it for this pass, and a removed callback must not run after its removal (asyncio cancels the handle too).
     */
    private static void cancelQueued(@Nullable CallbackHandle handle) {
        if (handle != null) {
            handle.cancel();
        }
    }

    SelectionKey key() {
        return key;
    }

    /**
     * Whether the poller may forget this registration: its key is dead (the channel was closed, or the source
     * cancelled) and no user callback waits for its {@code removeReader}/{@code removeWriter}. Internal callbacks on
     * a dead key can never run, so they do not keep it.
     */
    boolean disposable() {
        return !key.isValid() && !(reader != null && readerIsUser) && !(writer != null && writerIsUser);
    }

    private void addInterest(int ops) {
        try {
            int current = key.interestOps();
            if ((current & ops) != ops) {
                key.interestOps(current | ops);
            }
        } catch (CancelledKeyException e) {
            // the channel was closed; whoever waits will see that on its next operation
        }
    }

    /**
     * Called by the loop thread (in the selector's callback) with the ready operations. Internal callbacks
     * (library code that never blocks: waking a waiter, a carrier-safe transport's read) run right here;
     * user callbacks are queued for the callback runner.
     */
    void ready(int ops) {
        int drop = 0;
        if ((ops & readOps) != 0) {
            Runnable r = reader;
            if (r == null) {
                drop |= readOps;
            } else {
                dispatch(r, readerIsUser, readerHandle);
            }
        }
        if ((ops & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0) {
            Runnable w = writer;
            if (w == null) {
                drop |= SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;
            } else {
                dispatch(w, writerIsUser, writerHandle);
            }
        }
        if (drop != 0 && key.isValid()) {
            key.interestOps(key.interestOps() & ~drop);
        }
    }

    private void dispatch(Runnable r, boolean user, @Nullable CallbackHandle handle) {
        if (user) {
            loop.queue.add(handle != null ? handle : new CallbackHandle(r, true, null));
        } else {
            poller.runInline(r);
        }
    }
}
