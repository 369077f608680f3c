package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpVersion;
import io.jasyncio.http.internal.RequestHead;
import io.jasyncio.http.internal.client.Json;
import io.jasyncio.net.StreamReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A request as its handler sees it (aiohttp's {@code web.Request}): the request line, headers, query, cookies, the
 * route's match info, and the body, read whole ({@link #read}, {@link #text}, {@link #json}, {@link #form}) or streamed
 * ({@link #content}).
 *
 * <p>The body arrives while the handler runs: reading it waits for the client. A body larger than the server's
 * {@code clientMaxSize} is refused with 413: before it is read when its {@code Content-Length} says so, else when
 * the reading passes the limit.
 *
 * <p>Loop-confined: belongs to the task that handles it.
 */
public final class Request {

    private final RequestHead head;
    private final Exchange exchange;
    private final StreamReader body;
    private final @Nullable SocketAddress remote;
    private final String rawPath;
    private final String path;
    private final String queryString;
    private final long maxBodySize;
    private Map<String, String> matchInfo = Map.of();
    private @Nullable Map<String, List<String>> query;
    private @Nullable Map<String, String> cookies;
    /** The application whose route matched (a sub-application for its routes). */
    private @Nullable Application app;

    Request(RequestHead head, Exchange exchange, StreamReader body, @Nullable SocketAddress remote, long maxBodySize)
            throws HttpException {
        this.head = head;
        this.exchange = exchange;
        this.body = body;
        this.remote = remote;
        this.maxBodySize = maxBodySize;
        String target = head.target();
        int question = target.indexOf('?');
        String pathPart = question < 0 ? target : target.substring(0, question);
        this.queryString = question < 0 ? "" : target.substring(question + 1);
        if (pathPart.startsWith("/")) {
            this.rawPath = pathPart;
        } else if (pathPart.equals("*") && head.method().equals("OPTIONS")) {
            this.rawPath = "*";
        } else {
            this.rawPath = absoluteFormPath(pathPart);
        }
        this.path = UrlCodec.decodePath(rawPath);
    }

    /** The path of an absolute-form target ({@code http://host/path}), which a server must accept. */
    private static String absoluteFormPath(String target) {
        int scheme = target.indexOf("://");
        if (scheme <= 0) {
            throw new HttpException(400, "invalid request target");
        }
        int slash = target.indexOf('/', scheme + 3);
        return slash < 0 ? "/" : target.substring(slash);
    }

    /** Returns the method, e.g. {@code GET}. */
    public String method() {
        return head.method();
    }

    /** Returns the percent-decoded path, e.g. {@code /files/a b.txt}. */
    public String path() {
        return path;
    }

    /** Returns the path as sent, percent-encoded, e.g. {@code /files/a%20b.txt}. */
    public String rawPath() {
        return rawPath;
    }

    /** Returns the query string as sent (without {@code ?}), possibly empty. */
    public String queryString() {
        return queryString;
    }

    /** Returns the query parameters, decoded, each with its values in order. */
    public Map<String, List<String>> query() {
        var parsed = query;
        if (parsed == null) {
            parsed = UrlCodec.decodeForm(queryString);
            query = parsed;
        }
        return parsed;
    }

    /** Returns the first value of query parameter {@code name}, if any. */
    public Optional<String> queryParam(String name) {
        var values = query().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    /** Returns the request target as sent (path and query). */
    public String target() {
        return head.target();
    }

    /** Returns the protocol version. */
    public HttpVersion version() {
        return head.version();
    }

    /** Returns the request headers. */
    public HttpHeaders headers() {
        return head.headers();
    }

    /** Returns the first value of header {@code name}, if any. */
    public Optional<String> header(String name) {
        return head.headers().firstValue(name);
    }

    /** Returns the cookies the request carries ({@code Cookie} header), by name. */
    public Map<String, String> cookies() {
        var parsed = cookies;
        if (parsed == null) {
            parsed = new LinkedHashMap<>();
            for (String field : head.headers().allValues("Cookie")) {
                for (String pair : field.split(";", -1)) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        parsed.putIfAbsent(
                                pair.substring(0, equals).strip(),
                                unquote(pair.substring(equals + 1).strip()));
                    }
                }
            }
            parsed = Collections.unmodifiableMap(parsed);
            cookies = parsed;
        }
        return parsed;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1)
                : value;
    }

    /** Returns the values the route's {@code {name}} segments matched. */
    public Map<String, String> matchInfo() {
        return matchInfo;
    }

    /**
     * Returns what the route's {@code {name}} segment matched.
     *
     * @throws IllegalArgumentException if the route has no such segment
     */
    public String matchInfo(String name) {
        String value = matchInfo.get(name);
        if (value == null) {
            throw new IllegalArgumentException("the route has no {" + name + "} segment");
        }
        return value;
    }

    /** Returns the client's address, or {@code null} if unknown (a Unix socket). */
    public @Nullable SocketAddress remoteAddress() {
        return remote;
    }

    /** Returns whether the request came over TLS (aiohttp's {@code request.secure}). */
    public boolean secure() {
        return extraInfo("sslcontext") != null;
    }

    /** Returns {@code "https"} for a request over TLS, else {@code "http"} (aiohttp's {@code request.scheme}). */
    public String scheme() {
        return secure() ? "https" : "http";
    }

    /**
     * Returns what the connection's transport knows under {@code name} (aiohttp's
     * {@code request.get_extra_info}): {@code "peername"}, {@code "sockname"}, and over TLS {@code "peercert"} (the
     * client's certificate chain), {@code "cipher"}, {@code "protocol"}, {@code "server_name"} (SNI),
     * {@code "ssl_object"}.
     *
     * @return the value, or {@code null} if the transport has none by that name
     */
    public @Nullable Object extraInfo(String name) {
        return exchange.transport().extraInfo(name);
    }

    /**
     * Returns the application whose route matched: the sub-application for routes of one, for its state.
     *
     * @throws IllegalStateException before routing
     */
    public Application app() {
        var matched = app;
        if (matched == null) {
            throw new IllegalStateException("not routed yet");
        }
        return matched;
    }

    /** Returns whether the request has a body (a {@code Content-Length} above 0, or chunked). */
    public boolean hasBody() {
        return switch (head.framing()) {
            case NONE -> false;
            case LENGTH -> head.contentLength() > 0;
            default -> true;
        };
    }

    /**
     * Returns the body as a stream, for uploads too large to hold (aiohttp's {@code request.content}). Reading
     * faster or slower paces the client (the connection stops reading while the stream's buffer is full).
     */
    public StreamReader content() {
        return body;
    }

    /**
     * Reads the whole body.
     *
     * <p><b>Cancellation:</b> the bytes read so far are lost to the caller; the connection is closed after the
     * response, since the body's end is unknown.
     *
     * @throws HttpException 413 if the body is larger than the server's {@code clientMaxSize}
     * @throws IOException if the client disconnected or sent an invalid body
     */
    public byte[] read() throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            byte[] chunk = body.read(64 * 1024);
            if (chunk.length == 0) {
                return out.toByteArray();
            }
            if (out.size() + (long) chunk.length > maxBodySize) {
                throw new HttpException(413, "request body larger than " + maxBodySize + " bytes");
            }
            out.write(chunk, 0, chunk.length);
        }
    }

    /**
     * Reads the whole body as text, in the charset of {@code Content-Type} (UTF-8 if none).
     *
     * <p><b>Cancellation:</b> as {@link #read()}.
     *
     * @throws IOException as {@link #read()}
     */
    public String text() throws IOException {
        return new String(read(), charset());
    }

    /**
     * Reads the whole body as JSON into {@code type}, with Jackson 3 (aiohttp's {@code await request.json()}),
     * whatever the {@code Content-Type} says.
     *
     * {@snippet :
     * record Order(String item, int quantity) {}
     * app.post("/orders", r -> {
     *     Order order = r.json(Order.class);      // 400 if the body is not JSON for an Order
     *     return Response.jsonOf(Map.of("ok", true, "item", order.item())).status(201);
     * });
     * }
     *
     * <p>Jackson ({@code tools.jackson.core:jackson-databind}) is an optional dependency: without it this throws
     * before reading anything, with a message that says what to add (a 500 for the client, logged).
     *
     * <p><b>Cancellation:</b> as {@link #read()}.
     *
     * @param type the type wanted ({@code Map.class}, a record, ...)
     * @return the value ({@code null} for JSON {@code null})
     * @throws HttpException 400 if the body is not valid JSON for {@code type}, 413 if too large
     * @throws IOException as {@link #read()}
     * @throws IllegalStateException if Jackson 3 is not on the class path
     */
    public <T> @Nullable T json(Class<T> type) throws IOException {
        Json.requireAvailable();
        byte[] bytes = read();
        try {
            return Json.read(bytes, type);
        } catch (IOException e) {
            throw new HttpException(400, e.getMessage() == null ? "invalid JSON" : e.getMessage());
        }
    }

    /**
     * Reads an {@code application/x-www-form-urlencoded} body into its fields.
     *
     * <p><b>Cancellation:</b> as {@link #read()}.
     *
     * @throws HttpException 415 if the body is not form-encoded, 413 if too large
     * @throws IOException as {@link #read()}
     */
    public Map<String, List<String>> form() throws IOException {
        String type = header("Content-Type").orElse("").toLowerCase(Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded")) {
            throw new HttpException(415, "expected application/x-www-form-urlencoded");
        }
        return UrlCodec.decodeForm(new String(read(), StandardCharsets.US_ASCII));
    }

    /**
     * Returns a reader of the {@code multipart/form-data} body, part by part, file parts streamed.
     *
     * @throws HttpException 400 if the body is not multipart or has no boundary
     */
    public MultipartReader multipart() {
        return MultipartReader.of(this);
    }

    private Charset charset() {
        String type = header("Content-Type").orElse("");
        int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
        if (at >= 0) {
            String name = type.substring(at + 8).split(";", -1)[0].strip().replace("\"", "");
            try {
                return Charset.forName(name);
            } catch (IllegalArgumentException e) {
                throw new HttpException(415, "unsupported charset " + name);
            }
        }
        return StandardCharsets.UTF_8;
    }

    Exchange exchange() {
        return exchange;
    }

    RequestHead head() {
        return head;
    }

    void route(Application matched, Map<String, String> info) {
        this.app = matched;
        this.matchInfo = info;
    }

    @Override
    public String toString() {
        return "Request[" + head.requestLine() + "]";
    }
}
