package io.jasyncio.internal;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.HashMap;
import java.util.Map;

/**
 * A loop's channel registrations: one {@link IoSource} per channel registered with the loop's selector, made on
 * first use and forgotten when its key is cancelled, plus the user-facing reader and writer callbacks on top.
 *
 * <p>Loop-confined: the loop checks the thread before calling in.
 */
final class ChannelRegistry {
    /** The loop the registrations belong to (each {@link IoSource} points back at it). */
    private final SelectorEventLoop loop;
    /** The loop's selector. */
    private final Selector selector;
    /** The live registration of each channel. */
    private final Map<SelectableChannel, IoSource> sources = new HashMap<>();

    ChannelRegistry(SelectorEventLoop loop, Selector selector) {
        this.loop = loop;
        this.selector = selector;
    }

    IoSource ioSource(SelectableChannel channel) throws IOException {
        IoSource s = sources.get(channel);
        if (s != null && s.key().isValid()) {
            return s;
        }
        if (s != null) {
            selector.selectNow();
        }
        if (channel.isBlocking()) {
            channel.configureBlocking(false);
        }
        try {
            SelectionKey key = channel.register(selector, 0);
            IoSource fresh = new IoSource(loop, this, key, channel);
            key.attach(fresh);
            sources.put(channel, fresh);
            return fresh;
        } catch (ClosedChannelException e) {
            throw e;
        }
    }

    void forget(IoSource s) {
        sources.remove(s.key().channel());
    }

    boolean removeReader(SelectableChannel channel) {
        IoSource s = sources.get(channel);
        if (s == null || !s.hasReader()) {
            return false;
        }
        s.setReader(null, true);
        return true;
    }

    boolean removeWriter(SelectableChannel channel) {
        IoSource s = sources.get(channel);
        if (s == null || !s.hasWriter()) {
            return false;
        }
        s.setWriter(null, true);
        return true;
    }
}
