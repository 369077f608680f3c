package io.jasyncio.http.client;

import io.jasyncio.files.AsyncFiles;
import io.jasyncio.http.internal.client.Bodies;
import io.jasyncio.http.internal.client.Json;
import io.jasyncio.http.internal.client.UrlEncoding;
import io.jasyncio.net.StreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of a request: bytes, text, form fields, multipart ({@link Multipart}), JSON, a file, a
 * {@link StreamReader} or any {@link ChunkSource}. A body of known length is sent with {@code Content-Length};
 * otherwise with chunked transfer encoding.
 *
 * {@snippet :
 * session.post(url, RequestBody.of("hello"));                       // text/plain; charset=utf-8
 * session.post(url, RequestBody.form(Map.of("q", "a b")));          // application/x-www-form-urlencoded
 * session.post(url, RequestBody.json(Map.of("id", 7)));             // needs Jackson 3 on the class path
 * session.post(url, RequestBody.file(Path.of("big.iso"), "application/octet-stream")); // streamed from disk
 * }
 *
 * <p>Implement it for other sources. A body that can be written twice ({@link #isReplayable()}) follows 307/308
 * redirects and can be retried; a one-shot stream cannot.
 *
 * <p><b>Thread safety:</b> the built-in bodies are immutable (the stream ones are used once).
 */
public interface RequestBody {

    /**
     * Returns the body's length.
     *
     * @return bytes, or -1 when unknown (the body is then sent chunked)
     */
    long contentLength();

    /**
     * Returns the body's {@code Content-Type}, used when the request sets none.
     *
     * @return the media type, or {@code null}
     */
    @Nullable
    String contentType();

    /**
     * Returns whether {@link #writeTo} can be called more than once.
     *
     * @return {@code true} for bodies held in memory or read from files
     */
    boolean isReplayable();

    /**
     * Writes the body (exactly {@link #contentLength()} bytes when it is known).
     *
     * <p><b>Cancellation:</b> as the sink's writes and the source's reads.
     *
     * @param sink where the bytes go
     * @throws IOException if the source or the connection failed
     */
    void writeTo(BodySink sink) throws IOException;

    /**
     * Returns a body of bytes.
     *
     * @param bytes the bytes (not copied: do not change them)
     * @param contentType the media type, or {@code null} ({@code application/octet-stream})
     * @return the body
     */
    static RequestBody of(byte[] bytes, @Nullable String contentType) {
        return new Bodies.Bytes(bytes, contentType == null ? "application/octet-stream" : contentType);
    }

    /**
     * Returns a body of bytes, {@code application/octet-stream}.
     *
     * @param bytes the bytes (not copied)
     * @return the body
     */
    static RequestBody of(byte[] bytes) {
        return of(bytes, null);
    }

    /**
     * Returns a UTF-8 text body, {@code text/plain; charset=utf-8}.
     *
     * @param text the text
     * @return the body
     */
    static RequestBody of(String text) {
        return new Bodies.Bytes(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /**
     * Returns URL-encoded form fields, {@code application/x-www-form-urlencoded}, in the map's iteration order.
     *
     * @param fields the fields
     * @return the body
     */
    static RequestBody form(Map<String, String> fields) {
        StringBuilder sb = new StringBuilder();
        for (var e : fields.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('&');
            }
            sb.append(UrlEncoding.formEncode(e.getKey())).append('=').append(UrlEncoding.formEncode(e.getValue()));
        }
        return new Bodies.Bytes(sb.toString().getBytes(StandardCharsets.US_ASCII), "application/x-www-form-urlencoded");
    }

    /**
     * Returns a JSON body, {@code application/json}, serialised now with Jackson 3.
     *
     * @param value what to serialise
     * @return the body
     * @throws IllegalStateException if Jackson 3 ({@code tools.jackson.core:jackson-databind}) is not on the class
     *     path; the message says what to add
     */
    static RequestBody json(@Nullable Object value) {
        return new Bodies.Bytes(Json.write(value), "application/json");
    }

    /**
     * Returns a body of JSON text already encoded, {@code application/json} (no Jackson needed).
     *
     * @param json the JSON text
     * @return the body
     */
    static RequestBody jsonText(String json) {
        return new Bodies.Bytes(json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /**
     * Returns a body streamed from a file (64 KiB at a time, read off the loop), with its size as
     * {@code Content-Length}.
     *
     * @param path the file
     * @param contentType the media type, or {@code null} ({@code application/octet-stream})
     * @return the body
     * @throws IOException if the file's size cannot be read
     */
    static RequestBody file(Path path, @Nullable String contentType) throws IOException {
        return new Bodies.FileBody(
                path, AsyncFiles.size(path), contentType == null ? "application/octet-stream" : contentType);
    }

    /**
     * Returns a one-shot body read from a stream until its end, sent chunked.
     *
     * @param reader the stream
     * @param contentType the media type, or {@code null}
     * @return the body
     */
    static RequestBody stream(StreamReader reader, @Nullable String contentType) {
        return chunks(
                () -> {
                    byte[] b = reader.read(64 * 1024);
                    return b.length == 0 ? null : b;
                },
                contentType);
    }

    /**
     * Returns a one-shot body made of the pieces a source produces, sent chunked.
     *
     * @param source the pieces
     * @param contentType the media type, or {@code null}
     * @return the body
     */
    static RequestBody chunks(ChunkSource source, @Nullable String contentType) {
        return new Bodies.Chunks(source, contentType);
    }

    /**
     * Returns a one-shot body made of the pieces a source produces, sent chunked, without a media type.
     *
     * @param source the pieces
     * @return the body
     */
    static RequestBody chunks(ChunkSource source) {
        return chunks(source, null);
    }
}
