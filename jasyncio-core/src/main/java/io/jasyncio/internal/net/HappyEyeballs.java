package io.jasyncio.internal.net;

import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.net.ConnectOptions;
import io.jasyncio.spi.Cancellable;
import java.io.IOException;
import java.net.Inet6Address;
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
public final class HappyEyeballs {
    private final NetLoop loop;
    private final List<InetSocketAddress> targets;
    private final ConnectOptions options;
    private final List<Task<SocketChannel>> attempts = new ArrayList<>();
    private final List<IOException> errors = new ArrayList<>();
    private @Nullable SocketChannel winner;
    private @Nullable Future<@Nullable Void> signal;
    private int running;

    private HappyEyeballs(NetLoop loop, List<InetSocketAddress> targets, ConnectOptions options) {
        this.loop = loop;
        this.targets = targets;
        this.options = options;
    }

    static SocketChannel connect(NetLoop loop, List<InetSocketAddress> targets, ConnectOptions options)
            throws IOException {
        return new HappyEyeballs(loop, targets, options).run();
    }

    /**
     * Orders addresses as RFC 8305 §4 asks: {@code firstCount} of the first family, then alternating families.
     *
     * @param addrs the resolved addresses, in resolver order
     * @param firstCount the first address family count
     * @return the order in which to try them
     */
    public static List<InetSocketAddress> order(List<InetSocketAddress> addrs, int firstCount) {
        if (addrs.isEmpty()) {
            return addrs;
        }
        boolean firstV6 = addrs.get(0).getAddress() instanceof Inet6Address;
        List<InetSocketAddress> first = new ArrayList<>();
        List<InetSocketAddress> other = new ArrayList<>();
        for (InetSocketAddress a : addrs) {
            ((a.getAddress() instanceof Inet6Address) == firstV6 ? first : other).add(a);
        }
        List<InetSocketAddress> out = new ArrayList<>(addrs.size());
        int i = 0;
        int j = 0;
        int lead = Math.max(1, firstCount);
        while (i < first.size() && i < lead) {
            out.add(first.get(i++));
        }
        while (i < first.size() || j < other.size()) {
            if (j < other.size()) {
                out.add(other.get(j++));
            }
            if (i < first.size()) {
                out.add(first.get(i++));
            }
        }
        return out;
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
                    throw Connections.combine(targets, errors);
                }
                Future<@Nullable Void> s = loop.createFuture();
                signal = s;
                Cancellable timer = next < targets.size()
                        ? loop.callAtInternal(loop.deadlineAfter(delay), () -> s.trySetResult(null))
                        : null;
                try {
                    s.await();
                } catch (CancelledException e) {
                    // a winner picked just before this task was cancelled (it had not resumed) is nobody's now
                    SocketChannel w = winner;
                    if (w != null) {
                        Sockets.closeUnregistered(loop, w);
                    }
                    throw e;
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

    private void start(InetSocketAddress addr) {
        running++;
        Task<SocketChannel> t =
                loop.createTask("happy-eyeballs " + addr, () -> Connections.connectOne(loop, addr, options));
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
                Sockets.closeUnregistered(loop, ch); // lost the race, or the caller is gone
            }
        } else if (e instanceof IOException io) {
            errors.add(io);
        } else if (!(e instanceof CancelledException)) {
            errors.add(new IOException(e));
        }
        Future<@Nullable Void> s = signal;
        if (s != null) {
            s.trySetResult(null);
        }
    }
}
