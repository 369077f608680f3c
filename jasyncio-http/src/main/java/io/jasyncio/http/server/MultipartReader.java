package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.net.StreamReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Reads a {@code multipart/form-data} (or any {@code multipart/*}) request body part by part, streaming (aiohttp's
 * {@code MultipartReader}): a file part's bytes come in chunks as the client sends them, never buffered whole.
 *
 * {@snippet :
 * var parts = request.multipart();
 * for (BodyPart part = parts.next(); part != null; part = parts.next()) {
 *     if (part.filename().isPresent()) {
 *         try (var file = AsyncFiles.open(uploads.resolve("upload.bin"), WRITE, CREATE)) {
 *             for (byte[] chunk = part.readChunk(); chunk.length > 0; chunk = part.readChunk()) {
 *                 file.write(chunk);
 *             }
 *         }
 *     } else {
 *         fields.put(part.name().orElse(""), part.text());
 *     }
 * }
 * }
 *
 * <p>The body is scanned for {@code CRLF--boundary} in a window of the bytes read: at most one read (64 KiB) plus the
 * delimiter is held. Part header lines are limited to 8 KiB, and to 100 per part.
 *
 * <p>Loop-confined: used by the task handling the request.
 */
public final class MultipartReader {

    private static final int READ = 64 * 1024;
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    private final StreamReader in;
    /** {@code CRLF--boundary}. */
    private final byte[] delimiter;
    /** Bytes read from {@link #in} and not consumed yet: {@code window[start, end)}. */
    private byte[] window;

    private int start;
    private int end;
    private boolean finished;
    private @Nullable BodyPart current;

    MultipartReader(StreamReader in, String boundary) {
        this.in = in;
        this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        // A CRLF before the body lets the first boundary (which has none) match the delimiter too.
        this.window = new byte[READ + delimiter.length * 2];
        window[0] = '\r';
        window[1] = '\n';
        end = 2;
    }

    /**
     * Returns the reader for {@code request}'s body.
     *
     * @throws HttpException 400 if the body is not multipart or has no boundary
     */
    static MultipartReader of(Request request) {
        String type = request.header("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).startsWith("multipart/")) {
            throw new HttpException(400, "expected a multipart body");
        }
        for (String parameter : type.split(";", -1)) {
            String p = parameter.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String boundary = p.substring(9).strip();
                if (boundary.length() >= 2 && boundary.startsWith("\"") && boundary.endsWith("\"")) {
                    boundary = boundary.substring(1, boundary.length() - 1);
                }
                if (boundary.isEmpty() || boundary.length() > 70) {
                    break;
                }
                return new MultipartReader(request.content(), boundary);
            }
        }
        throw new HttpException(400, "multipart body without a valid boundary");
    }

    /**
     * Returns the next part, skipping what was not read of the previous one; {@code null} after the last.
     *
     * <p><b>Cancellation:</b> the reader is left mid-part; do not use it further.
     *
     * @throws HttpException 400 if the body is not well-formed multipart
     * @throws IOException if the body could not be read (the client left, or it was too large)
     */
    public @Nullable BodyPart next() throws IOException {
        if (finished) {
            return null;
        }
        var previous = current;
        if (previous != null) {
            while (previous.readChunk().length > 0) {
                // skip the rest of the previous part
            }
        }
        // At a delimiter (or, first, at the preamble before it).
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                start = at + delimiter.length;
                break;
            }
            start = Math.max(start, end - (delimiter.length - 1)); // preamble: drop what cannot start a delimiter
            if (!fill()) {
                throw new HttpException(400, "multipart body without its boundary");
            }
        }
        require(2);
        if (window[start] == '-' && window[start + 1] == '-') {
            finished = true;
            current = null;
            return null;
        }
        String rest = line(); // transport padding, then CRLF
        if (!rest.isBlank()) {
            throw new HttpException(400, "invalid multipart boundary line");
        }
        var headers = HttpHeaders.create();
        for (int count = 0; ; count++) {
            String line = line();
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || count >= MAX_HEADERS) {
                throw new HttpException(400, "invalid multipart part header");
            }
            try {
                headers.add(
                        line.substring(0, colon).strip(),
                        line.substring(colon + 1).strip());
            } catch (IllegalArgumentException e) {
                throw new HttpException(400, "invalid multipart part header");
            }
        }
        var part = new BodyPart(this, headers);
        current = part;
        return part;
    }

    /** Returns the next bytes of the current part, empty at its end. */
    byte[] partChunk() throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at >= 0) {
                byte[] chunk = Arrays.copyOfRange(window, start, at);
                start = at;
                return chunk;
            }
            int safe = end - (delimiter.length - 1);
            if (safe > start) {
                byte[] chunk = Arrays.copyOfRange(window, start, safe);
                start = safe;
                return chunk;
            }
            if (!fill()) {
                throw new HttpException(400, "multipart body ended inside a part");
            }
        }
    }

    private int indexOfDelimiter() {
        byte first = delimiter[0];
        for (int i = start; i <= end - delimiter.length; i++) {
            if (window[i] == first && Arrays.equals(window, i, i + delimiter.length, delimiter, 0, delimiter.length)) {
                return i;
            }
        }
        return -1;
    }

    /** One CRLF-terminated line from the window (without it). */
    private String line() throws IOException {
        while (true) {
            for (int i = start; i + 1 < end; i++) {
                if (window[i] == '\r' && window[i + 1] == '\n') {
                    String text = new String(window, start, i - start, StandardCharsets.UTF_8);
                    start = i + 2;
                    return text;
                }
            }
            if (end - start > MAX_LINE) {
                throw new HttpException(400, "multipart header line too long");
            }
            if (!fill()) {
                throw new HttpException(400, "multipart body ended inside a part's headers");
            }
        }
    }

    private void require(int n) throws IOException {
        while (end - start < n) {
            if (!fill()) {
                throw new HttpException(400, "multipart body ended early");
            }
        }
    }

    /** Reads more of the body into the window; returns {@code false} at its end. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(window, start, window, 0, end - start);
            end -= start;
            start = 0;
        }
        if (window.length - end < READ) {
            window = Arrays.copyOf(window, end + READ);
        }
        byte[] more = in.read(READ);
        if (more.length == 0) {
            return false;
        }
        System.arraycopy(more, 0, window, end, more.length);
        end += more.length;
        return true;
    }
}
