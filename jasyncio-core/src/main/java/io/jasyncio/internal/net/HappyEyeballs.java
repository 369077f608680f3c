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
 * attempts are cancelled, and the connect returns (or, cancelled, throws) only once their tasks have ended and
 * their sockets are closed.
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
    /** Completed to wake the connecting task: an attempt ended, or (while racing) the delay passed. */
    private @Nullable Future<@Nullable Void> signal;
    /** Attempts whose task has not ended yet. */
    private int running;
    /** Set once the race is over: every attempt is being cancelled, and a late connection is closed. */
    private boolean stopping;

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

    /**
     * Races the attempts, then stops the losers and waits until every attempt task has ended (its socket closed)
     * before returning or throwing: a cancelled or timed-out connect leaves no task and no socket behind.
     */
    private SocketChannel run() throws IOException {
        SocketChannel won;
        try {
            won = race();
        } catch (IOException | RuntimeException | Error e) {
            CancelledException late = stopAttempts();
            // a cancellation that arrived while the losers wound down must not be lost behind an I/O error
            if (late != null && !(e instanceof CancelledException)) {
                throw late;
            }
            throw e;
        }
        CancelledException late = stopAttempts();
        if (late != null) {
            Sockets.closeUnregistered(loop, won); // cancelled after winning: the caller will never see it
            throw late;
        }
        return won;
    }

    private SocketChannel race() throws IOException {
        Duration delay = Objects.requireNonNull(options.happyEyeballsDelay());
        int next = 0;
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
    }

    /**
     * Cancels the attempts still running and waits until each has ended (a cancelled attempt closes its socket in
     * its own task, so it must be allowed to run first). As a task group does, it keeps waiting if the caller is
     * cancelled meanwhile, and returns that cancellation for the caller to rethrow once nothing is left running.
     */
    private @Nullable CancelledException stopAttempts() {
        stopping = true; // from here on an attempt that still connects closes its socket (finished)
        for (Task<SocketChannel> t : attempts) {
            t.cancel("another attempt connected");
        }
        CancelledException late = null;
        while (running > 0) {
            Future<@Nullable Void> s = loop.createFuture();
            signal = s;
            try {
                s.await();
            } catch (CancelledException e) {
                late = e;
            } finally {
                signal = null;
            }
        }
        return late;
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
        if (!t.isCancelled()) { // a cancelled attempt was stopped by stopAttempts, which waits for it: no outcome
            record(t);
        }
        Future<@Nullable Void> s = signal;
        if (s != null) {
            s.trySetResult(null);
        }
    }

    private void record(Task<SocketChannel> t) {
        Throwable e = t.exceptionNow();
        if (e == null) {
            SocketChannel ch = t.resultNow();
            if (winner == null && signal != null && !stopping) {
                winner = ch;
            } else {
                Sockets.closeUnregistered(loop, ch); // lost the race, or the caller is gone
            }
        } else if (e instanceof IOException io) {
            errors.add(io);
        } else if (!(e instanceof CancelledException)) {
            errors.add(new IOException(e));
        }
    }
}
