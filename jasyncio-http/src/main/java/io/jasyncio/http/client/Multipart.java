package io.jasyncio.http.client;

import io.jasyncio.files.AsyncFiles;
import io.jasyncio.http.internal.client.Bodies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A {@code multipart/form-data} body (RFC 7578; aiohttp's {@code FormData} with files): text fields, in-memory
 * parts and files streamed from disk. Its length is known up front, so it is sent with {@code Content-Length}, and
 * it can be sent again (redirects, retries).
 *
 * {@snippet :
 * RequestBody body = Multipart.builder()
 *         .field("title", "holiday")
 *         .file("photo", Path.of("beach.jpg"), "image/jpeg")   // read 64 KiB at a time while sending
 *         .build();
 * session.post(url, body);
 * }
 *
 * <p><b>Thread safety:</b> the builder is not thread-safe; the body is immutable.
 */
public final class Multipart {
    private Multipart() {}

    /**
     * Returns a builder with a random boundary.
     *
     * @return the builder
     */
    public static Builder builder() {
        byte[] random = new byte[12];
        new SecureRandom().nextBytes(random);
        return new Builder("jasyncio-" + HexFormat.of().formatHex(random));
    }

    /** One part: its head, then its bytes from memory or from a file. */
    private static final class Part {
        final byte[] head;
        final byte @Nullable [] data;
        final @Nullable Path file;
        final long length;

        Part(byte[] head, byte @Nullable [] data, @Nullable Path file, long length) {
            this.head = head;
            this.data = data;
            this.file = file;
            this.length = length;
        }
    }

    /** Collects the parts. */
    public static final class Builder {
        private final String boundary;
        private final List<Part> parts = new ArrayList<>();

        private Builder(String boundary) {
            this.boundary = boundary;
        }

        /**
         * Adds a text field (UTF-8).
         *
         * @param name the field name
         * @param value the value
         * @return this builder
         */
        public Builder field(String name, String value) {
            byte[] data = value.getBytes(StandardCharsets.UTF_8);
            parts.add(new Part(head(name, null, null), data, null, data.length));
            return this;
        }

        /**
         * Adds a part held in memory.
         *
         * @param name the field name
         * @param filename the file name to announce, or {@code null}
         * @param contentType the media type, or {@code null}
         * @param data the bytes (not copied)
         * @return this builder
         */
        public Builder part(String name, @Nullable String filename, @Nullable String contentType, byte[] data) {
            parts.add(new Part(head(name, filename, contentType), data, null, data.length));
            return this;
        }

        /**
         * Adds a file, announced by its file name and streamed from disk when the body is sent.
         *
         * <p><b>Cancellation:</b> only reading the file's size waits.
         *
         * @param name the field name
         * @param path the file
         * @param contentType the media type, or {@code null} ({@code application/octet-stream})
         * @return this builder
         * @throws IOException if the file's size cannot be read
         */
        public Builder file(String name, Path path, @Nullable String contentType) throws IOException {
            long size = AsyncFiles.size(path);
            Path fileName = path.getFileName();
            String type = contentType == null ? "application/octet-stream" : contentType;
            parts.add(new Part(head(name, fileName == null ? "file" : fileName.toString(), type), null, path, size));
            return this;
        }

        private byte[] head(String name, @Nullable String filename, @Nullable String contentType) {
            StringBuilder sb = new StringBuilder();
            sb.append("--").append(boundary).append("\r\n");
            sb.append("Content-Disposition: form-data; name=\"")
                    .append(quote(name))
                    .append('"');
            if (filename != null) {
                sb.append("; filename=\"").append(quote(filename)).append('"');
            }
            sb.append("\r\n");
            if (contentType != null) {
                if (contentType.indexOf('\r') >= 0 || contentType.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("a content type cannot contain CR or LF");
                }
                sb.append("Content-Type: ").append(contentType).append("\r\n");
            }
            sb.append("\r\n");
            return sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** Escapes as the HTML standard does for form-data names: {@code "}, CR and LF become %22, %0D, %0A. */
        private static String quote(String s) {
            return s.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        }

        /**
         * Builds the body.
         *
         * @return the body, {@code multipart/form-data; boundary=...}
         */
        public RequestBody build() {
            List<Part> copy = List.copyOf(parts);
            byte[] end = ("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
            long length = end.length;
            for (Part p : copy) {
                length += p.head.length + p.length + 2;
            }
            return new Body(copy, end, length, "multipart/form-data; boundary=" + boundary);
        }
    }

    private static final class Body implements RequestBody {
        private static final byte[] CRLF = {'\r', '\n'};
        private final List<Part> parts;
        private final byte[] end;
        private final long contentLength;
        private final String contentType;

        Body(List<Part> parts, byte[] end, long contentLength, String contentType) {
            this.parts = parts;
            this.end = end;
            this.contentLength = contentLength;
            this.contentType = contentType;
        }

        @Override
        public long contentLength() {
            return contentLength;
        }

        @Override
        public String contentType() {
            return contentType;
        }

        @Override
        public boolean isReplayable() {
            return true;
        }

        @Override
        public void writeTo(BodySink sink) throws IOException {
            ByteArrayOutputStream small = new ByteArrayOutputStream();
            for (Part p : parts) {
                small.write(p.head);
                byte[] data = p.data;
                Path file = p.file;
                if (data != null) {
                    small.write(data);
                } else if (file != null) {
                    // Flush what is gathered, then let the file body stream from disk.
                    sink.write(small.toByteArray());
                    small.reset();
                    new Bodies.FileBody(file, p.length, null).writeTo(sink);
                }
                small.write(CRLF);
            }
            small.write(end);
            sink.write(small.toByteArray());
        }
    }
}
