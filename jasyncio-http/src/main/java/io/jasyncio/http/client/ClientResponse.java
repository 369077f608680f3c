package io.jasyncio.http.client;

import io.jasyncio.EventLoop;
import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.internal.client.BodySource;
import io.jasyncio.http.internal.client.Decoding;
import io.jasyncio.http.internal.client.Errors;
import io.jasyncio.http.internal.client.Json;
import io.jasyncio.http.internal.client.PooledConnection;
import io.jasyncio.http.internal.client.ResponseReader;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.Cleaner;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * A response (aiohttp's {@code ClientResponse}): status, headers, and a body read once, whole ({@link #read()},
 * {@link #text()}, {@link #json(Class)}) or as a stream ({@link #content()}). Close it (try-with-resources): a
 * response read to its end gives its connection back to the pool; closing one before the end closes the connection.
 *
 * {@snippet :
 * try (ClientResponse r = session.get("http://sensor-7/reading")) {
 *     r.raiseForStatus();
 *     String body = r.text();                 // charset from Content-Type, else UTF-8
 * }
 * }
 *
 * <p>A response neither read to its end nor closed is found by the garbage collector: its connection is then closed
 * (never kept), and in debug mode a warning names the URL.
 *
 * <p><b>Thread safety:</b> loop-confined; one task reads it.
 */
public final class ClientResponse implements AutoCloseable {
    /**
     * Finds responses dropped without being closed. Its thread is virtual: one parked thread for the process that
     * costs no platform thread.
     */
    private static final Cleaner CLEANER = Cleaner.create(
            Thread.ofVirtual().name("jasyncio-http-response-cleaner").factory());

    private static final System.Logger LOG = System.getLogger("io.jasyncio.http");

    private final URI url;
    private final String method;
    private final int status;
    private final String reason;
    private final HttpHeaders headers;
    private final boolean framedByLength;
    private final Connector connector;
    private final @Nullable Duration total;
    private final @Nullable Duration sockRead;
    private final boolean decompress;
    private List<ClientResponse> history = List.of();
    /** The connection until the body ended or the response was closed. */
    private @Nullable PooledConnection connection;
    /** The connection must not be reused even if the body ends cleanly (an unsent 100-continue body). */
    private final boolean noReuse;

    private @Nullable BodyReader content;
    private boolean bodyDone;
    private boolean closed;
    private final Leak leak;
    private final Cleaner.Cleanable cleanable;

    ClientResponse(
            URI url,
            String method,
            int status,
            String reason,
            HttpHeaders headers,
            boolean framedByLength,
            Connector connector,
            PooledConnection connection,
            @Nullable Duration total,
            @Nullable Duration sockRead,
            boolean decompress,
            boolean noReuse) {
        this.url = url;
        this.method = method;
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.framedByLength = framedByLength;
        this.connector = connector;
        this.connection = connection;
        this.total = total;
        this.sockRead = sockRead;
        this.decompress = decompress;
        this.noReuse = noReuse;
        this.leak = new Leak(connector.loop(), connector, connection, url);
        this.cleanable = CLEANER.register(this, leak);
    }

    /**
     * Returns the status code.
     *
     * @return 200, 404, ...
     */
    public int status() {
        return status;
    }

    /**
     * Returns the reason phrase.
     *
     * @return "OK", "Not Found", ... (possibly empty)
     */
    public String reason() {
        return reason;
    }

    /**
     * Returns whether the status is below 400 (aiohttp's {@code ok}).
     *
     * @return {@code true} if not an error
     */
    public boolean isOk() {
        return status < 400;
    }

    /**
     * Returns the header fields (case-insensitive, multi-valued, in the order received).
     *
     * @return the headers
     */
    public HttpHeaders headers() {
        return headers;
    }

    /**
     * Returns the URL that answered (after redirects).
     *
     * @return the URL
     */
    public URI url() {
        return url;
    }

    /**
     * Returns the request's method.
     *
     * @return the method
     */
    public String method() {
        return method;
    }

    /**
     * Returns the redirect responses that led here, oldest first (each released).
     *
     * @return the history, empty without redirects
     */
    public List<ClientResponse> history() {
        return history;
    }

    void setHistory(List<ClientResponse> h) {
        history = List.copyOf(h);
    }

    /**
     * Returns the cookies this response set, parsed (whether or not the session's jar kept them).
     *
     * @return the cookies
     */
    public List<Cookie> cookies() {
        CookieJar jar = CookieJar.create();
        jar.update(url, headers.allValues("Set-Cookie"));
        return jar.all();
    }

    /**
     * Returns the media type of {@code Content-Type} without parameters, lower case.
     *
     * @return e.g. {@code application/json}, or {@code application/octet-stream} when absent
     */
    public String contentType() {
        String ct = headers.firstValue("Content-Type").orElse("application/octet-stream");
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the charset of {@code Content-Type}.
     *
     * @return the charset, or {@code null} when none is named (or it is unknown)
     */
    public @Nullable Charset charset() {
        String ct = headers.firstValue("Content-Type").orElse("");
        for (String param : ct.split(";", -1)) {
            String p = param.trim();
            if (p.regionMatches(true, 0, "charset=", 0, 8)) {
                String name = p.substring(8).trim();
                if (name.length() >= 2 && name.startsWith("\"") && name.endsWith("\"")) {
                    name = name.substring(1, name.length() - 1);
                }
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    // Python spells some names its own way ("latin-1"): try without the dashes.
                    try {
                        return Charset.forName(name.replace("-", ""));
                    } catch (IllegalCharsetNameException | UnsupportedCharsetException e2) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Returns the {@code Content-Length}.
     *
     * @return the length, or -1 when absent or invalid
     */
    public long contentLength() {
        try {
            return headers.firstValue("Content-Length").map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Throws {@link ResponseStatusException} if the status is 400 or more (closing this response first).
     *
     * @throws ResponseStatusException if the status is an error
     */
    public void raiseForStatus() throws ResponseStatusException {
        if (status >= 400) {
            close();
            throw new ResponseStatusException(url, status, reason);
        }
    }

    /**
     * Returns the body as a stream; the first call decides: {@link #read()} and friends read the same stream.
     *
     * @return the body
     * @throws IllegalStateException if the response was closed before its body was read
     */
    public BodyReader content() {
        BodyReader c = content;
        if (c == null) {
            if (closed && !bodyDone) {
                throw new IllegalStateException("the response was closed: " + url);
            }
            BodySource raw = this::readRaw;
            String encoding = headers.firstValue("Content-Encoding").orElse("");
            if (decompress && !encoding.isEmpty() && Decoding.supports(encoding)) {
                raw = decoded(encoding, raw);
            }
            c = new BodyReader(raw, 64 * 1024);
            content = c;
        }
        return c;
    }

    private BodySource decoded(String encoding, BodySource raw) {
        return new BodySource() {
            private @Nullable InputStream in;

            @Override
            public int read(byte[] dst, int offset, int length) throws IOException {
                try {
                    InputStream s = in;
                    if (s == null) {
                        s = Decoding.decode(encoding, Decoding.stream(raw));
                        in = s;
                    }
                    int n = s.read(dst, offset, length);
                    if (n < 0) {
                        drainRaw(raw);
                    }
                    return n;
                } catch (IOException e) {
                    release(false);
                    throw Errors.body(url, e, total, sockRead);
                }
            }
        };
    }

    /** Reads what follows the compressed data (nothing, normally), so the connection can be reused. */
    private static void drainRaw(BodySource raw) throws IOException {
        byte[] scratch = new byte[512];
        while (raw.read(scratch, 0, scratch.length) >= 0) {
            // discard
        }
    }

    /**
     * Reads the whole body (decoded).
     *
     * <p><b>Cancellation:</b> the bytes received so far are dropped with the response: closing it then closes the
     * connection.
     *
     * @return the bytes
     * @throws ClientException if the body is broken or a time limit passed
     */
    public byte[] read() throws IOException {
        return content().readAll();
    }

    /**
     * Reads the whole body as text, in the charset of {@code Content-Type} (UTF-8 when none is named).
     *
     * <p><b>Cancellation:</b> the bytes received so far are dropped with the response: closing it then closes the
     * connection.
     *
     * @return the text
     * @throws ClientException if the body is broken or a time limit passed
     */
    public String text() throws IOException {
        Charset cs = charset();
        return text(cs == null ? StandardCharsets.UTF_8 : cs);
    }

    /**
     * Reads the whole body as text in a given charset.
     *
     * <p><b>Cancellation:</b> the bytes received so far are dropped with the response: closing it then closes the
     * connection.
     *
     * @param charset the charset
     * @return the text
     * @throws ClientException if the body is broken or a time limit passed
     */
    public String text(Charset charset) throws IOException {
        return new String(read(), charset);
    }

    /**
     * Reads the whole body as JSON into {@code type}, with Jackson 3.
     *
     * <p><b>Cancellation:</b> the bytes received so far are dropped with the response: closing it then closes the
     * connection.
     *
     * @param type the type wanted ({@code Map.class}, a record, ...)
     * @return the value ({@code null} for JSON {@code null})
     * @throws ClientPayloadException if the body is not valid JSON for the type
     * @throws ClientException if the body is broken or a time limit passed
     * @throws IllegalStateException if Jackson 3 is not on the class path; the message says what to add
     */
    public <T> @Nullable T json(Class<T> type) throws IOException {
        if (!Json.isAvailable()) {
            close();
            Json.requireAvailable();
        }
        byte[] bytes = read();
        try {
            return Json.read(bytes, type);
        } catch (IOException e) {
            throw new ClientPayloadException(url, e.getMessage() == null ? "invalid JSON" : e.getMessage(), e);
        }
    }

    private int readRaw(byte[] dst, int offset, int length) throws IOException {
        PooledConnection c = connection;
        if (c == null) {
            if (bodyDone) {
                return -1;
            }
            throw new IllegalStateException("the response was closed: " + url);
        }
        ResponseReader r = c.responses();
        int n;
        try {
            n = r.readBody(dst, offset, length);
        } catch (IOException e) {
            release(false);
            throw Errors.body(url, e, total, sockRead);
        }
        if (n < 0) {
            bodyDone = true;
            if (framedByLength && !r.isReusable() && r.hasExcess()) {
                release(false);
                throw new ClientPayloadException(url, "the body is longer than its Content-Length", null);
            }
            release(r.isReusable() && !noReuse);
        }
        return n;
    }

    private void release(boolean reusable) {
        PooledConnection c = connection;
        if (c != null) {
            connection = null;
            leak.released = true;
            cleanable.clean();
            connector.release(c, reusable);
        }
    }

    /**
     * Returns whether the body was read to its end (or the response closed).
     *
     * @return {@code true} if nothing more can be read
     */
    public boolean isReleased() {
        return connection == null;
    }

    /**
     * Closes the response: a body read to its end has already given the connection back; an unread body that has
     * already arrived in full is skipped and the connection kept; otherwise the connection is closed (reading a body
     * nobody wants is not worth the wait). Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        PooledConnection c = connection;
        if (c != null && content == null) {
            // A body that has fully arrived is skipped without waiting, and the connection kept (as aiohttp does).
            ResponseReader r = c.responses();
            if (r.skipArrivedBody()) {
                bodyDone = true;
                release(r.isReusable() && !noReuse);
                return;
            }
        }
        release(false);
    }

    @Override
    public String toString() {
        return "ClientResponse[" + method + " " + url + " -> " + status + " " + reason
                + (connection == null ? ", released" : "") + "]";
    }

    /** Closes the connection of a response that was dropped without being closed. */
    private static final class Leak implements Runnable {
        private final EventLoop loop;
        private final Connector connector;
        private final PooledConnection connection;
        private final URI url;
        /** Set on the loop's thread when the response released its connection; read by the cleaner's thread. */
        volatile boolean released;

        Leak(EventLoop loop, Connector connector, PooledConnection connection, URI url) {
            this.loop = loop;
            this.connector = connector;
            this.connection = connection;
            this.url = url;
        }

        @Override
        public void run() {
            if (released) {
                return;
            }
            try {
                loop.callSoonThreadsafe(() -> {
                    if (loop.isDebug()) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "a response was neither read to its end nor closed; its connection was closed: {0}",
                                url);
                    }
                    connector.release(connection, false);
                });
            } catch (RuntimeException e) {
                // The loop is closed: its connections were closed with it.
            }
        }
    }
}
