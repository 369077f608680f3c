package io.jasyncio.internal.net;

import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.internal.SelectorEventLoop;
import io.jasyncio.net.ConnectOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Staggered connection attempts (RFC 8305 "Happy Eyeballs"): attempt {@code i + 1} starts when attempt
 * {@code i} failed or the delay passed, whichever comes first; the first connected socket wins and the other
 * attempts are cancelled (their sockets closed).
 *
 * <pre>
 *   start(0) --delay or failure--> start(1) --delay or failure--> ...   first success: cancel the rest
 * </pre>
 */
final class HappyEyeballs {
    private final SelectorEventLoop loop;
    private final List<InetSocketAddress> targets;
    private final ConnectOptions options;
    private final List<Task<SocketChannel>> attempts = new ArrayList<>();
    private final List<IOException> errors = new ArrayList<>();
    private @Nullable SocketChannel winner;
    private @Nullable Future<@Nullable Void> signal;
    private int running;

    private HappyEyeballs(SelectorEventLoop loop, List<InetSocketAddress> targets, ConnectOptions options) {
        this.loop = loop;
        this.targets = targets;
        this.options = options;
    }

    static SocketChannel connect(SelectorEventLoop loop, List<InetSocketAddress> targets, ConnectOptions options)
            throws IOException {
        return new HappyEyeballs(loop, targets, options).run();
    }

    private SocketChannel run() throws IOException {
        Duration delay = Objects.requireNonNull(options.happyEyeballsDelay());
        int next = 0;
        try {
            while (true) {
                if (winner != null) {
                    return winner;
                }
                if (next < targets.size()) {
                    start(targets.get(next++));
                } else if (running == 0) {
                    throw Net.combine(targets, errors);
                }
                Future<@Nullable Void> s = loop.createFuture();
                signal = s;
                TimerHandle timer =
                        next < targets.size() ? loop.callAtInternal(loop.deadlineAfter(delay), () -> wake(s)) : null;
                try {
                    s.await();
                } finally {
                    signal = null;
                    if (timer != null) {
                        timer.cancel();
                    }
                }
            }
        } finally {
            for (Task<SocketChannel> t : attempts) {
                t.cancel("another attempt connected");
            }
        }
    }

    private static void wake(Future<@Nullable Void> s) {
        if (!s.isDone()) {
            s.setResult(null);
        }
    }

    private void start(InetSocketAddress addr) {
        running++;
        Task<SocketChannel> t = loop.createTask("happy-eyeballs " + addr, () -> Net.connectOne(loop, addr, options));
        attempts.add(t);
        t.addDoneCallback(done -> finished(t));
    }

    private void finished(Task<SocketChannel> t) {
        running--;
        if (t.isCancelled()) {
            return;
        }
        Throwable e = t.exceptionNow();
        if (e == null) {
            SocketChannel ch = t.resultNow();
            if (winner == null && signal != null) {
                winner = ch;
            } else {
                Net.closeUnregistered(loop, ch); // lost the race, or the caller is gone
            }
        } else if (e instanceof IOException io) {
            errors.add(io);
        } else if (!(e instanceof CancelledException)) {
            errors.add(new IOException(e));
        }
        Future<@Nullable Void> s = signal;
        if (s != null) {
            wake(s);
        }
    }
}
