package io.jasyncio.http.server;

import io.jasyncio.http.HttpHeaders;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** Gzip for responses: which clients accept it, which content types gain from it. Stateless. */
final class Compression {

    private Compression() {}

    /** Whether {@code Accept-Encoding} accepts gzip (or {@code *}) with a non-zero quality. */
    static boolean acceptsGzip(HttpHeaders request) {
        for (String field : request.allValues("Accept-Encoding")) {
            for (String element : field.split(",", -1)) {
                String[] parts = element.split(";", -1);
                String coding = parts[0].strip().toLowerCase(Locale.ROOT);
                if (!coding.equals("gzip") && !coding.equals("*")) {
                    continue;
                }
                boolean zero = false;
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].strip().toLowerCase(Locale.ROOT);
                    if (parameter.startsWith("q=")) {
                        zero = parameter.substring(2).strip().matches("0(\\.0{0,3})?");
                    }
                }
                if (!zero) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a body of this content type is worth compressing (text, not images or archives). */
    static boolean compressible(Optional<String> contentType) {
        String type = contentType.orElse("").toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.startsWith("application/json")
                || type.startsWith("application/javascript")
                || type.startsWith("application/xml")
                || type.startsWith("image/svg+xml")
                || type.contains("+json")
                || type.contains("+xml");
    }

    static byte[] gzip(byte[] body) {
        var out = new ByteArrayOutputStream(body.length / 3 + 32);
        try (var gzip = new GZIPOutputStream(out)) {
            gzip.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // in memory: does not happen
        }
        return out.toByteArray();
    }
}
