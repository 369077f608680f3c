package io.jasyncio.http.server;

import io.jasyncio.http.internal.HeadersAccess;
import io.jasyncio.http.internal.client.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * A response whose body is in memory (aiohttp's {@code web.Response}, {@code json_response}): sent with its head in
 * one write, with {@code Content-Length}.
 *
 * {@snippet :
 * return Response.text("created").status(201);
 * return Response.json("{\"id\": 42}");          // JSON text as it is
 * return Response.jsonOf(Map.of("id", 42));        // serialised with Jackson 3 (optional dependency)
 * }
 *
 * <p>Loop-confined once returned from a handler.
 */
public final class Response extends StreamResponse {

    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String HTML = "text/html; charset=utf-8";
    private static final String JSON = "application/json";

    private final byte[] body;
    /** Whether to gzip the body when the client accepts it (aiohttp's {@code enable_compression}). */
    private boolean compression;

    /**
     * A response with a content type: a caller's is checked as any header is; one of this class's constants is
     * added unchecked (it is the first header, on every response, so the check would only cost).
     */
    private Response(byte[] body, String contentType, boolean constantType) {
        this.body = body;
        if (constantType) {
            HeadersAccess.addTrusted(headers(), "Content-Type", contentType);
        } else {
            contentType(contentType);
        }
    }

    /** Returns a 200 response with a UTF-8 {@code text/plain} body. */
    public static Response text(String text) {
        return new Response(text.getBytes(StandardCharsets.UTF_8), TEXT, true);
    }

    /** Returns a 200 response with a UTF-8 {@code text/html} body. */
    public static Response html(String html) {
        return new Response(html.getBytes(StandardCharsets.UTF_8), HTML, true);
    }

    /** Returns a 200 response with an {@code application/json} body (the JSON text as given). */
    public static Response json(String json) {
        return new Response(json.getBytes(StandardCharsets.UTF_8), JSON, true);
    }

    /**
     * Returns a 200 response with {@code value} serialised to JSON with Jackson 3, {@code application/json}
     * (aiohttp's {@code web.json_response(data)}).
     *
     * @param value a record, map, list, string, number... or {@code null}
     * @throws IllegalStateException if Jackson 3 ({@code tools.jackson.core:jackson-databind}) is not on the class
     *     path (the message says what to add)
     * @throws IllegalArgumentException if Jackson cannot serialise the value
     */
    public static Response jsonOf(@Nullable Object value) {
        return new Response(Json.write(value), JSON, true);
    }

    /** Returns a 200 response with a body of the given content type. The array is not copied. */
    public static Response bytes(byte[] body, String contentType) {
        return new Response(body, contentType, false);
    }

    /** Returns a response with the given status and an empty body. */
    public static Response of(int status) {
        var response = new Response(new byte[0], TEXT, true);
        response.status(status);
        return response;
    }

    /**
     * Gzips the body when it is sent, if the client accepts gzip ({@code Accept-Encoding}), the content type is
     * compressible (text, JSON, JavaScript, XML, SVG) and the body is at least 256 bytes; adds
     * {@code Content-Encoding: gzip} and {@code Vary: Accept-Encoding} then.
     *
     * @return this response
     */
    public Response enableCompression() {
        compression = true;
        return this;
    }

    /** Returns the body. */
    public byte[] body() {
        return body;
    }

    @Override
    public Response status(int status) {
        super.status(status);
        return this;
    }

    @Override
    public Response header(String name, String value) {
        super.header(name, value);
        return this;
    }

    @Override
    public Response setCookie(Cookie cookie) {
        super.setCookie(cookie);
        return this;
    }

    /**
     * Not for a body in memory: a {@code Response} is sent whole when the handler returns it.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public void prepare(Request request) {
        throw new UnsupportedOperationException("a Response is sent whole when returned; use StreamResponse to stream");
    }

    @Override
    void send(Exchange to) throws IOException {
        byte[] payload = body;
        if (compression
                && payload.length >= 256
                && Compression.compressible(headers().firstValue("Content-Type"))
                && Compression.acceptsGzip(to.requestHeaders())
                && !headers().contains("Content-Encoding")) {
            payload = Compression.gzip(payload);
            headers().set("Content-Encoding", "gzip");
            headers().add("Vary", "Accept-Encoding");
        }
        sent(to);
        to.writeHead(this, payload.length, ByteBuffer.wrap(payload));
    }
}
