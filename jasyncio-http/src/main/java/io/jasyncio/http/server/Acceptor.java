package io.jasyncio.http.server;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.ReturnWhen;
import io.jasyncio.Task;
import io.jasyncio.net.Networking;
import io.jasyncio.net.TlsOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The single acceptor of a TCP {@link Site} with several workers where {@code SO_REUSEPORT} is missing (or
 * {@link ServerConfig#singleAcceptor()} asks for it): the first loop listens, accepts every connection
 * ({@code sockAccept}) and hands each to the next loop in turn, itself included, which wires it
 * ({@code connectAccepted}) and serves it from then on.
 *
 * <pre>
 * client -> listening socket -> accept task (first loop) --round-robin--> ServerContext.handOver (worker's inbox)
 *        -> ServerContext.adopt -> connectAccepted (TLS handshake) -> HttpConnection on the worker's loop
 * </pre>
 *
 * <p>Loop-confined to the first loop: one accept task per listening address; {@link #close()} cancels them and waits
 * for them, so no hand-over follows it.
 */
final class Acceptor implements Listener {

    private static final System.Logger LOG = System.getLogger("io.jasyncio.http.server");

    private final EventLoop loop;
    private final List<ServerSocketChannel> listeners;
    private final List<SocketAddress> addresses = new ArrayList<>();
    private final List<Task<?>> accepting = new ArrayList<>();
    /** The loops served, the first loop first; {@link #next} is the one the next connection goes to. */
    private List<ServerContext> targets = List.of();
    /** The TLS every accepted connection starts with, or {@code null}. */
    private @Nullable TlsOptions tls;

    private int next;
    private boolean closed;

    private Acceptor(EventLoop loop, List<ServerSocketChannel> listeners) throws IOException {
        this.loop = loop;
        this.listeners = listeners;
        for (var listener : listeners) {
            addresses.add(listener.getLocalAddress());
        }
    }

    /**
     * Listens on every address {@code host} resolves to (a name is resolved off the loop), with
     * {@code SO_REUSEADDR}; nothing is accepted before {@link #start}.
     *
     * <p><b>Cancellation:</b> only the name resolution waits; nothing is bound.
     *
     * @throws IOException if resolution or binding failed; a bind failure names the address
     */
    static Acceptor bind(EventLoop loop, String host, int port, int backlog) throws IOException {
        InetAddress[] all;
        try {
            all = new InetAddress[] {InetAddress.ofLiteral(host)};
        } catch (IllegalArgumentException notALiteral) {
            all = Asyncio.toThread(() -> InetAddress.getAllByName(host));
        }
        var listeners = new ArrayList<ServerSocketChannel>();
        try {
            for (var address : all) {
                var channel = ServerSocketChannel.open(
                        address instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
                listeners.add(channel);
                channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                var where = new InetSocketAddress(address, port);
                try {
                    channel.bind(where, backlog);
                } catch (BindException e) {
                    var named = new BindException(e.getMessage() + ": " + where);
                    named.initCause(e);
                    throw named;
                }
            }
            return new Acceptor(loop, listeners);
        } catch (IOException | RuntimeException e) {
            for (var channel : listeners) {
                closeQuietly(channel);
            }
            throw e;
        }
    }

    /**
     * Starts accepting and handing connections to {@code targets} in turn (the first loop's context first), each to be
     * served after a handshake with {@code tls} (unless {@code null}).
     */
    void start(List<ServerContext> targets, @Nullable TlsOptions tls) {
        this.targets = List.copyOf(targets);
        this.tls = tls;
        for (var listener : listeners) {
            accepting.add(loop.createTask("http acceptor " + addresses, () -> accept(listener)));
        }
    }

    private void accept(ServerSocketChannel listener) {
        var net = Networking.of(loop);
        while (true) {
            SocketChannel socket;
            try {
                socket = net.sockAccept(listener);
            } catch (IOException e) {
                // Out of descriptors or similar: pause rather than spin, as a listening server does.
                ServerContext.logError("accept failed on " + addresses + "; pausing for a second", e);
                Asyncio.sleep(Duration.ofSeconds(1));
                continue;
            }
            // No await from the accept to the hand-over: a cancellation (close) cannot strand the socket here.
            var target = targets.get(next);
            next = (next + 1) % targets.size();
            if (target.loop == loop) {
                target.adopt(socket, tls);
            } else {
                target.handOver(socket, tls);
            }
        }
    }

    @Override
    public int port() {
        for (var address : addresses()) {
            if (address instanceof InetSocketAddress inet) {
                return inet.getPort();
            }
        }
        return -1;
    }

    @Override
    public List<SocketAddress> addresses() {
        return closed ? List.of() : List.copyOf(addresses);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Once cancelled, an accept task hands nothing over (it is parked in sockAccept, and the accept and the
        // hand-over happen in one step). If this wait is cancelled too, the tasks still end on their next step.
        accepting.forEach(Task::cancel);
        try {
            if (!accepting.isEmpty()) {
                Asyncio.wait(accepting, ReturnWhen.ALL_COMPLETED, null);
            }
        } finally {
            // After the tasks ended: a task still waiting on a listener must not see it closed under it.
            for (var listener : listeners) {
                closeQuietly(listener);
            }
        }
    }

    private static void closeQuietly(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "closing a listening socket failed", e);
        }
    }

    @Override
    public String toString() {
        return "Acceptor[" + addresses + ", loops=" + targets.size() + (closed ? ", closed" : "") + "]";
    }
}
