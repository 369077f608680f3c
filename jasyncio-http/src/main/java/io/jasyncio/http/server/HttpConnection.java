package io.jasyncio.http.server;

import io.jasyncio.CancelledException;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;
import io.jasyncio.http.internal.Framing;
import io.jasyncio.http.internal.MessageListener;
import io.jasyncio.http.internal.RequestHead;
import io.jasyncio.http.internal.RequestParser;
import io.jasyncio.net.Protocol;
import io.jasyncio.net.StreamReader;
import io.jasyncio.net.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP/1.1 connection of the server: parses requests as bytes arrive and runs one handler task at a time.
 *
 * <p>Flow: {@code dataReceived -> parser -> head(): task started -> body()* -> complete(): parser paused}. While a
 * request is answered, bytes of the next (pipelined) request are kept in {@link #pending} and reading is paused;
 * when the response is done, they are parsed, so responses go out in request order. A framing error answers 400
 * (or the parser's status) and closes: nothing after an ambiguous message is trusted. A lost connection cancels
 * the handler.
 *
 * <p>Timers (one at a time): {@code HEAD} from the first byte of a request to the end of its head (absolute, so a
 * client sending a byte now and then cannot stretch it), {@code BODY} for each pause of the body, {@code IDLE}
 * between requests.
 *
 * <p>Loop-confined: the loop calls the protocol methods; the handler task calls the exchange methods.
 */
final class HttpConnection implements Protocol, MessageListener<RequestHead>, Exchange {

    private enum Timer {
        NONE,
        HEAD,
        BODY,
        IDLE,
        LINGER
    }

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int BODY_BUFFER = 64 * 1024;
    /** A lingering close ends after this long without a byte from the client ... */
    private static final Duration LINGER_QUIET = Duration.ofSeconds(2);
    /** ... or this long after it began, whichever comes first (nginx's lingering_timeout and lingering_time). */
    private static final Duration LINGER_TOTAL = Duration.ofSeconds(10);

    private final ServerContext server;
    private final RequestParser parser;
    private @Nullable Transport transport;
    private @Nullable SocketAddress remote;

    /** The request being answered; null between requests. */
    private @Nullable RequestHead head;
    /** Its body as the handler reads it. */
    private @Nullable StreamReader body;
    /** Its handler task. */
    private @Nullable Task<?> task;
    /** Whether its body has been received to its end. */
    private boolean bodyComplete;

    private long bodyReceived;
    /** Whether its response head was written, and whether the connection persists after it. */
    private boolean headWritten;

    private boolean keepAlive;
    /** Body bytes written for the access log. */
    private long bytesSent;

    private long started;
    /** Bytes received after the current request, parsed once it is answered (a heap copy). */
    private @Nullable ByteBuffer pending;

    /** The pending timer handle; it may be due before {@link #timerDeadline} (see {@link #arm}). */
    private @Nullable TimerHandle timer;

    private Timer timerKind = Timer.NONE;
    /** When {@link #timerKind} expires, on the loop's clock (nanoseconds). */
    private long timerDeadline;
    /** No further request is read: the connection closes after the current response. */
    private boolean closing;
    /** The transport's buffer is above its high-water mark. */
    private boolean writePaused;

    private @Nullable Future<@Nullable Void> drainWaiter;
    private boolean lost;
    /** The response went out and the write side is shut: what the client still sends is read and dropped. */
    private boolean lingering;
    /** When the lingering close ends at the latest (loop time). */
    private long lingerDeadline;

    HttpConnection(ServerContext server) {
        this.server = server;
        this.parser = new RequestParser(this, server.limits);
    }

    // ---------------------------------------------------------------- protocol (called by the loop)

    @Override
    public void connectionMade(Transport t) {
        transport = t;
        remote = t.extraInfo("peername") instanceof SocketAddress address ? address : null;
        server.add(this);
        if (server.shuttingDown) {
            // Accepted (or handed over) just before the shutdown looked at the connections: it never sees this one.
            closing = true;
            t.close();
            return;
        }
        arm(Timer.HEAD, server.config.headerTimeout());
    }

    @Override
    public void dataReceived(ByteBuffer data) {
        if (lingering) {
            data.position(data.limit());
            long left = lingerDeadline - server.loop.time();
            arm(Timer.LINGER, Duration.ofNanos(Math.max(0, Math.min(LINGER_QUIET.toNanos(), left))));
            return;
        }
        if (lost || (closing && head == null)) {
            data.position(data.limit());
            return;
        }
        if (head != null && bodyComplete) {
            stash(data);
            return;
        }
        feed(data);
    }

    private void feed(ByteBuffer data) {
        try {
            parser.feed(data);
        } catch (HttpParseException e) {
            data.position(data.limit());
            var reader = body;
            if (head != null && reader != null && !bodyComplete) {
                // A bad body of a request whose handler runs: its reads fail, it answers (once), then we close.
                closing = true;
                requireTransport().pauseReading();
                reader.setException(new BodyException(e.status(), String.valueOf(e.getMessage())));
            } else {
                refuse(e.status(), e.getMessage());
            }
            return;
        }
        if (lingering) {
            data.position(data.limit()); // the request was refused from a parser callback: the rest is dropped
            return;
        }
        if (head == null && !parser.isIdle() && timerKind != Timer.HEAD) {
            arm(Timer.HEAD, server.config.headerTimeout()); // the first byte of a request
        }
        if (data.hasRemaining()) {
            if (parser.isUpgraded()) {
                closing = true; // no upgrade is supported: answer the request, then close
                data.position(data.limit());
            } else {
                stash(data);
            }
        }
    }

    /** Keeps bytes that arrived while a request is answered, and stops reading until it is. */
    private void stash(ByteBuffer data) {
        var kept = pending;
        int needed = data.remaining() + (kept == null ? 0 : kept.remaining());
        var grown = ByteBuffer.allocate(needed);
        if (kept != null) {
            grown.put(kept);
        }
        grown.put(data).flip();
        pending = grown;
        requireTransport().pauseReading();
    }

    @Override
    public boolean eofReceived() {
        if (lingering) {
            return false; // the client read the response and closed: close too
        }
        closing = true;
        try {
            parser.finish();
        } catch (HttpParseException e) {
            var reader = body;
            if (reader != null && !bodyComplete) {
                reader.setException(new BodyException(400, "the client closed the connection mid-body"));
            }
        }
        // The end of the client's side is taken as a disconnect (the connection closes, a handler in flight is
        // cancelled): HTTP clients do not half-close, and a handler working for a client that left is wasted.
        return false;
    }

    @Override
    public void connectionLost(@Nullable Exception exception) {
        lost = true;
        dropTimer();
        server.remove(this);
        var reader = body;
        if (reader != null && !bodyComplete) {
            reader.setException(new BodyException(400, "the client disconnected"));
        }
        var waiter = drainWaiter;
        if (waiter != null && !waiter.isDone()) {
            waiter.setException(new IOException("the client disconnected"));
        }
        var running = task;
        if (running != null && !running.isDone()) {
            running.cancel("the client disconnected");
        }
    }

    @Override
    public void pauseWriting() {
        writePaused = true;
    }

    @Override
    public void resumeWriting() {
        writePaused = false;
        var waiter = drainWaiter;
        drainWaiter = null;
        if (waiter != null && !waiter.isDone()) {
            waiter.setResult(null);
        }
    }

    // ---------------------------------------------------------------- parser callbacks

    @Override
    public void head(RequestHead h) {
        cancelTimer();
        var hosts = h.headers().allValues("Host");
        if (hosts.size() > 1
                || (h.version() == HttpVersion.HTTP_1_1 && hosts.isEmpty())
                || (!hosts.isEmpty() && !validHost(hosts.getFirst()))) {
            refuse(400, "missing, repeated or invalid Host");
            return;
        }
        if (h.framing() == Framing.LENGTH && h.contentLength() > server.config.clientMaxSize()) {
            refuse(413, "request body larger than " + server.config.clientMaxSize() + " bytes");
            return;
        }
        if (h.upgrade()) {
            if (h.method().equals("CONNECT") || h.method().equals("PRI")) {
                closing = true; // the bytes after it are not HTTP/1.1: answer, then close
            } else {
                parser.declineUpgrade(); // no upgrade is served: HTTP/1.1 goes on (RFC 9110 section 7.8)
            }
        }
        var t = requireTransport();
        var reader = new StreamReader(server.loop, BODY_BUFFER);
        reader.setTransport(t);
        head = h;
        body = reader;
        bodyComplete = false;
        bodyReceived = 0;
        headWritten = false;
        bytesSent = 0;
        started = System.nanoTime();
        Request request;
        try {
            request = new Request(h, this, reader, remote, server.config.clientMaxSize());
        } catch (HttpException e) {
            head = null;
            body = null;
            refuse(e.status(), e.getMessage());
            return;
        }
        if (h.framing() != Framing.NONE) {
            if (h.version() == HttpVersion.HTTP_1_1
                    && h.headers().firstValue("Expect").orElse("").equalsIgnoreCase("100-continue")) {
                t.write(CONTINUE);
            }
            arm(Timer.BODY, server.config.bodyTimeout());
        }
        task = server.loop.createTask("http " + h.requestLine(), () -> serve(request));
    }

    @Override
    public void body(ByteBuffer chunk) {
        var reader = Objects.requireNonNull(body);
        bodyReceived += chunk.remaining();
        if (bodyReceived > server.config.clientMaxSize()) {
            reader.setException(
                    new BodyException(413, "request body larger than " + server.config.clientMaxSize() + " bytes"));
            closing = true;
            parser.pause();
            requireTransport().pauseReading();
            return;
        }
        reader.feed(chunk);
        if (timerKind == Timer.BODY) {
            arm(Timer.BODY, server.config.bodyTimeout());
        }
    }

    @Override
    public void complete() {
        bodyComplete = true;
        if (timerKind == Timer.BODY) {
            cancelTimer();
        }
        var reader = body;
        if (reader != null) {
            reader.feedEof();
        }
        parser.pause(); // the next request waits until this one is answered
    }

    // ---------------------------------------------------------------- the handler task

    private void serve(Request request) {
        StreamResponse response = null;
        try {
            try {
                response = server.handle(request);
                if (response.isPrepared()) {
                    response.finish();
                } else {
                    response.send(this);
                }
            } catch (CancelledException e) {
                throw e; // the client went away, or the server is shutting down
            } catch (Exception | Error e) {
                if (e instanceof VirtualMachineError fatal) {
                    throw fatal;
                }
                response = fail(request, e);
                if (response == null) {
                    return;
                }
            }
        } finally {
            // Logged even when cancelled: a client that hangs up right after the last byte still got its response.
            var log = server.accessLog;
            if (response != null && headWritten && log != null && AccessLog.enabled()) {
                log.log(request, response, bytesSent, System.nanoTime() - started);
            }
        }
        done();
    }

    /** Answers a request whose response failed: its status if no head was sent yet, else drops the connection. */
    private @Nullable StreamResponse fail(Request request, Throwable e) {
        if (!(e instanceof HttpException)) {
            ServerContext.logError(
                    "error sending the response to \"" + request.head().requestLine() + "\"", e);
        }
        if (headWritten) {
            requireTransport().abort();
            return null;
        }
        StreamResponse fallback = e instanceof HttpException http ? http.toResponse() : ServerContext.internalError();
        try {
            fallback.send(this);
        } catch (IOException | RuntimeException again) {
            requireTransport().abort();
            return null;
        }
        return fallback;
    }

    /** After a response: close, or go on with the next request. */
    private void done() {
        boolean persist = keepAlive && bodyComplete && !closing && !server.shuttingDown && !lost;
        head = null;
        body = null;
        task = null;
        var t = requireTransport();
        if (!persist) {
            closing = true;
            cancelTimer();
            if (!bodyComplete || pending != null) {
                closeLingering(t); // the client may still be sending the body, or further requests
            } else {
                t.close();
            }
            return;
        }
        arm(Timer.IDLE, server.config.keepAliveTimeout());
        var kept = pending;
        pending = null;
        if (kept != null) {
            feed(kept);
        }
        if ((head == null || !bodyComplete) && !closing && pending == null) {
            t.resumeReading();
        }
    }

    /** Answers a request that is not handed to the application, and closes. */
    private void refuse(int status, @Nullable String message) {
        closing = true;
        cancelTimer();
        parser.pause();
        var t = requireTransport();
        t.write(ResponseHeads.refusal(status, message));
        closeLingering(t); // a refused request's body may still be on its way
    }

    /**
     * Closes after the response without losing it to a reset (RFC 9112 section 9.6): closing a socket with unread
     * bytes makes the kernel send RST, which can destroy the response in the client's buffers before it is read (a
     * client still uploading a body refused with 413 then sees "connection reset", not the 413). So shut the write side
     * only (the client reads the response and its end), then read and drop whatever still comes until the client
     * closes, pauses for {@link #LINGER_QUIET} or {@link #LINGER_TOTAL} passed. Where the transport cannot half-close
     * (TLS 1.2), it is closed at once.
     */
    private void closeLingering(Transport t) {
        if (lost || !t.canWriteEof()) {
            t.close();
            return;
        }
        lingering = true;
        t.writeEof();
        t.resumeReading();
        lingerDeadline = server.loop.time() + LINGER_TOTAL.toNanos();
        arm(Timer.LINGER, LINGER_QUIET);
    }

    /** {@code Host}: a reg-name, IPv4 or bracketed IPv6, with an optional port; no whitespace or userinfo. */
    private static boolean validHost(String host) {
        if (host.isEmpty()) {
            return true; // allowed when the target has no authority
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "-._~%!$&'()*+,;=:[]".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- exchange (called by the handler task)

    @Override
    public boolean isHeadRequest() {
        return Objects.requireNonNull(head).method().equals("HEAD");
    }

    @Override
    public HttpHeaders requestHeaders() {
        return Objects.requireNonNull(head).headers();
    }

    @Override
    public boolean writeHead(StreamResponse response, long contentLength, ByteBuffer bodyBytes) {
        var request = Objects.requireNonNull(head, "no request in flight");
        if (headWritten) {
            throw new IllegalStateException("the response head was written already");
        }
        headWritten = true;
        int status = response.status();
        boolean bodyless = status < 200 || status == 204 || status == 304;
        HttpHeaders headers = response.headers();
        keepAlive = request.keepAlive()
                && !closing
                && !server.shuttingDown
                && bodyComplete
                && !ResponseHeads.asksToClose(headers);
        boolean chunked = !bodyless && contentLength < 0 && request.version() == HttpVersion.HTTP_1_1;
        if (!bodyless && contentLength < 0 && !chunked) {
            keepAlive = false; // HTTP/1.0 without a length: the body ends when the connection closes
        }
        HeadBytes out = ResponseHeads.format(
                status,
                response.reason(),
                headers,
                bodyless ? -1 : contentLength,
                chunked,
                keepAlive,
                request.version(),
                bodyBytes.remaining());
        boolean withBody = !bodyless && !isHeadRequest() && bodyBytes.hasRemaining();
        if (withBody) {
            bytesSent += bodyBytes.remaining();
            requireTransport().write(out.withBody(bodyBytes)); // one write: head and a small body in one segment
        } else {
            requireTransport().write(out.toBuffer());
        }
        return chunked;
    }

    @Override
    public void write(ByteBuffer data) {
        bytesSent += data.remaining();
        requireTransport().write(data);
    }

    @Override
    public void sentFromFile(long bytes) {
        bytesSent += bytes;
    }

    @Override
    public void drain() throws IOException {
        if (lost) {
            throw new IOException("the client disconnected");
        }
        if (!writePaused) {
            return;
        }
        var waiter = drainWaiter;
        if (waiter == null) {
            waiter = server.loop.createFuture();
            drainWaiter = waiter;
        }
        waiter.await();
    }

    @Override
    public boolean writeBlocked() {
        return writePaused;
    }

    @Override
    public Transport transport() {
        return requireTransport();
    }

    // ---------------------------------------------------------------- timers and shutdown

    /**
     * Arms the one timer of the connection. A handle already due no later than the new deadline is kept: it fires
     * early and re-arms itself for the rest ({@link #timerFired}), which spares a timer-heap insert and removal on
     * every keep-alive request.
     */
    private void arm(Timer kind, Duration delay) {
        long deadline = server.loop.time() + delay.toNanos();
        timerKind = kind;
        timerDeadline = deadline;
        var t = timer;
        if (t != null && t.when() <= deadline) {
            return;
        }
        if (t != null) {
            t.cancel();
        }
        timer = server.loop.callAt(deadline, this::timerFired);
    }

    /** Disarms the timer; a handle still pending finds nothing to do when it fires. */
    private void cancelTimer() {
        timerKind = Timer.NONE;
    }

    /** Cancels the pending handle too, so that the loop's timers do not keep a closed connection. */
    private void dropTimer() {
        cancelTimer();
        var t = timer;
        timer = null;
        if (t != null) {
            t.cancel();
        }
    }

    private void timerFired() {
        timer = null;
        var kind = timerKind;
        if (kind == Timer.NONE) {
            return;
        }
        if (server.loop.time() < timerDeadline) {
            timer = server.loop.callAt(timerDeadline, this::timerFired); // armed again later: wait for the rest
            return;
        }
        timerKind = Timer.NONE;
        expired(kind);
    }

    private void expired(Timer kind) {
        if (lost) {
            return;
        }
        switch (kind) {
            case HEAD -> refuse(408, "the request head took too long");
            case BODY -> {
                var reader = body;
                closing = true;
                if (reader != null && !bodyComplete) {
                    reader.setException(new BodyException(408, "the request body paused too long"));
                }
            }
            case IDLE -> {
                closing = true;
                requireTransport().close();
            }
            case LINGER -> requireTransport().close();
            case NONE -> {}
        }
    }

    /** Starts a graceful shutdown of this connection: an idle one closes now, a busy one after its response. */
    void shutdown() {
        if (head == null) {
            closing = true;
            cancelTimer();
            requireTransport().close();
        }
    }

    /** Cancels the handler in flight and drops the connection (the end of a graceful shutdown's grace period). */
    void abort() {
        var running = task;
        if (running != null && !running.isDone()) {
            running.cancel("the server is shutting down");
        }
        requireTransport().abort();
    }

    private Transport requireTransport() {
        return Objects.requireNonNull(transport, "not connected");
    }

    @Override
    public String toString() {
        return "HttpConnection[" + remote + (head != null ? ", " + head.requestLine() : ", idle") + "]";
    }
}
