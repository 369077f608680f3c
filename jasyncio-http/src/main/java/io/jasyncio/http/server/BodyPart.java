package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * One part of a multipart body ({@link MultipartReader#next()}): its headers, its form field name and file name
 * ({@code Content-Disposition}), and its bytes, read in chunks or whole. Loop-confined.
 */
public final class BodyPart {

    private final MultipartReader reader;
    private final HttpHeaders headers;
    private boolean done;

    BodyPart(MultipartReader reader, HttpHeaders headers) {
        this.reader = reader;
        this.headers = headers;
    }

    /** Returns the part's headers. */
    public HttpHeaders headers() {
        return headers;
    }

    /** Returns the form field name ({@code Content-Disposition: form-data; name="..."}), if any. */
    public Optional<String> name() {
        return disposition("name");
    }

    /** Returns the file name of a file field ({@code filename="..."}), if any. */
    public Optional<String> filename() {
        return disposition("filename");
    }

    /**
     * Returns the next bytes of the part as they arrive; an empty array at its end.
     *
     * <p><b>Cancellation:</b> the part is left mid-way; do not read further.
     *
     * @throws IOException if the body could not be read
     */
    public byte[] readChunk() throws IOException {
        if (done) {
            return new byte[0];
        }
        byte[] chunk = reader.partChunk();
        if (chunk.length == 0) {
            done = true;
        }
        return chunk;
    }

    /**
     * Reads the rest of the part whole (for form fields; stream files with {@link #readChunk()}).
     *
     * <p><b>Cancellation:</b> as {@link #readChunk()}.
     *
     * @throws IOException if the body could not be read
     */
    public byte[] read() throws IOException {
        var out = new ByteArrayOutputStream();
        for (byte[] chunk = readChunk(); chunk.length > 0; chunk = readChunk()) {
            out.write(chunk, 0, chunk.length);
        }
        return out.toByteArray();
    }

    /**
     * Reads the rest of the part as UTF-8 text.
     *
     * <p><b>Cancellation:</b> as {@link #readChunk()}.
     *
     * @throws IOException if the body could not be read
     */
    public String text() throws IOException {
        return new String(read(), StandardCharsets.UTF_8);
    }

    private Optional<String> disposition(String parameter) {
        String value = headers.firstValue("Content-Disposition").orElse("");
        for (String piece : value.split(";", -1)) {
            String p = piece.strip();
            int equals = p.indexOf('=');
            if (equals > 0
                    && p.substring(0, equals).strip().toLowerCase(Locale.ROOT).equals(parameter)) {
                String v = p.substring(equals + 1).strip();
                if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
                }
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "BodyPart[" + name().orElse("?")
                + filename().map(f -> ", file " + f).orElse("") + "]";
    }
}
