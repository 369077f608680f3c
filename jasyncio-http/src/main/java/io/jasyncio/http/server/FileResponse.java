package io.jasyncio.http.server;

import io.jasyncio.files.AsyncFile;
import io.jasyncio.files.AsyncFiles;
import io.jasyncio.http.HttpHeaders;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A response that sends a file (aiohttp's {@code FileResponse}): zero-copy with {@code sendfile}, the content type
 * from the file name, {@code ETag} and {@code Last-Modified}, {@code If-None-Match} and {@code If-Modified-Since}
 * answered with 304, and {@code Range} (one range: 206; several: {@code multipart/byteranges}; none satisfiable:
 * 416), honouring {@code If-Range}.
 *
 * {@snippet :
 * app.get("/report", request -> new FileResponse(Path.of("report.pdf")));
 * }
 *
 * <p>Loop-confined once returned from a handler.
 */
public final class FileResponse extends StreamResponse {

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final Path path;

    /** One satisfiable byte range, inclusive. */
    private record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    /** Creates a response for the file at {@code path}; it is opened when the response is sent. */
    public FileResponse(Path path) {
        this.path = Objects.requireNonNull(path, "path");
    }

    /** Returns the file's path. */
    public Path path() {
        return path;
    }

    @Override
    void send(Exchange to) throws IOException {
        BasicFileAttributes attributes = AsyncFiles.stat(path);
        if (!attributes.isRegularFile()) {
            throw new HttpException(404);
        }
        long size = attributes.size();
        long modified = attributes.lastModifiedTime().toMillis() / 1000;
        String etag =
                "\"" + Long.toHexString(attributes.lastModifiedTime().toMillis()) + "-" + Long.toHexString(size) + "\"";
        HttpHeaders request = to.requestHeaders();
        headers().set("ETag", etag);
        headers().set("Last-Modified", HttpDate.format(Instant.ofEpochSecond(modified)));
        headers().set("Accept-Ranges", "bytes");
        if (!headers().contains("Content-Type")) {
            headers().set("Content-Type", ContentTypes.of(path.getFileName().toString()));
        }
        if (notModified(request, etag, modified)) {
            status(304);
            sent(to);
            to.writeHead(this, 0, EMPTY);
            return;
        }
        List<Range> ranges = List.of();
        var rangeHeader = request.firstValue("Range");
        var ifRange = request.firstValue("If-Range");
        if (rangeHeader.isPresent() && (ifRange.isEmpty() || ifRange.get().equals(etag)) && status() == 200) {
            ranges = parseRanges(rangeHeader.get(), size);
            if (ranges == null) {
                status(416);
                headers().set("Content-Range", "bytes */" + size);
                headers().remove("Content-Type");
                sent(to);
                to.writeHead(this, 0, EMPTY);
                return;
            }
        }
        if (ranges.isEmpty()) {
            sent(to);
            to.writeHead(this, size, EMPTY);
            sendRange(to, 0, size);
        } else if (ranges.size() == 1) {
            var range = ranges.getFirst();
            status(206);
            headers().set("Content-Range", "bytes " + range.first() + "-" + range.last() + "/" + size);
            sent(to);
            to.writeHead(this, range.length(), EMPTY);
            sendRange(to, range.first(), range.length());
        } else {
            sendMultipart(to, ranges, size);
        }
    }

    private void sendMultipart(Exchange to, List<Range> ranges, long size) throws IOException {
        String boundary = Long.toHexString(Double.doubleToLongBits(Math.random()));
        String type = headers().firstValue("Content-Type").orElse("application/octet-stream");
        var partHeads = new ArrayList<byte[]>();
        long length = 0;
        for (var range : ranges) {
            byte[] head = ("\r\n--" + boundary + "\r\nContent-Type: " + type + "\r\nContent-Range: bytes "
                            + range.first() + "-" + range.last() + "/" + size + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            partHeads.add(head);
            length += head.length + range.length();
        }
        byte[] end = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        length += end.length;
        status(206);
        headers().set("Content-Type", "multipart/byteranges; boundary=" + boundary);
        sent(to);
        to.writeHead(this, length, EMPTY);
        for (int i = 0; i < ranges.size(); i++) {
            if (!to.isHeadRequest()) {
                to.write(ByteBuffer.wrap(partHeads.get(i)));
            }
            sendRange(to, ranges.get(i).first(), ranges.get(i).length());
        }
        if (!to.isHeadRequest()) {
            to.write(ByteBuffer.wrap(end));
        }
    }

    private void sendRange(Exchange to, long offset, long length) throws IOException {
        if (to.isHeadRequest() || length == 0) {
            return;
        }
        try (AsyncFile file = AsyncFiles.open(path)) {
            file.seek(offset);
            long sent = file.sendTo(to.transport(), length);
            to.sentFromFile(sent);
            if (sent != length) {
                throw new IOException(path + " changed while being sent (" + sent + " of " + length + " bytes)");
            }
        }
    }

    private static boolean notModified(HttpHeaders request, String etag, long modified) {
        var ifNoneMatch = request.firstValue("If-None-Match");
        if (ifNoneMatch.isPresent()) {
            for (String tag : ifNoneMatch.get().split(",", -1)) {
                String t = tag.strip();
                if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                    return true;
                }
            }
            return false;
        }
        var ifModifiedSince = request.firstValue("If-Modified-Since");
        if (ifModifiedSince.isPresent()) {
            try {
                long since = HttpDate.PARSER
                        .parse(ifModifiedSince.get(), Instant::from)
                        .getEpochSecond();
                return modified <= since;
            } catch (DateTimeParseException e) {
                return false;
            }
        }
        return false;
    }

    /**
     * Parses {@code bytes=a-b,c-,-n}; returns the satisfiable ranges, an empty list if the header is to be ignored
     * (not bytes, malformed), or {@code null} if none is satisfiable.
     */
    private static @org.jspecify.annotations.Nullable List<Range> parseRanges(String header, long size) {
        String value = header.strip();
        if (!value.startsWith("bytes=")) {
            return List.of();
        }
        var ranges = new ArrayList<Range>();
        String[] specs = value.substring(6).split(",", -1);
        if (specs.length > 16) {
            return List.of(); // many small ranges are a denial-of-service pattern: send the whole file
        }
        for (String spec : specs) {
            String s = spec.strip();
            int dash = s.indexOf('-');
            if (dash < 0) {
                return List.of();
            }
            try {
                String a = s.substring(0, dash).strip();
                String b = s.substring(dash + 1).strip();
                if (a.isEmpty()) {
                    long suffix = Long.parseLong(b);
                    if (suffix > 0 && size > 0) {
                        ranges.add(new Range(Math.max(0, size - suffix), size - 1));
                    }
                } else {
                    long first = Long.parseLong(a);
                    long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
                    if (b.isEmpty() || Long.parseLong(b) >= first) {
                        if (first < size) {
                            ranges.add(new Range(first, last));
                        }
                    } else {
                        return List.of();
                    }
                }
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return ranges.isEmpty() ? null : ranges;
    }
}
