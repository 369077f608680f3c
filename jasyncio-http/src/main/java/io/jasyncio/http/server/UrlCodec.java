package io.jasyncio.http.server;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Percent-decoding of paths and form/query strings, and encoding of path segments. Stateless. */
final class UrlCodec {

    private UrlCodec() {}

    /**
     * Decodes a path: {@code %XX} escapes as UTF-8; {@code +} stays a plus.
     *
     * @throws HttpException 400 for a bad escape, invalid UTF-8 or an encoded NUL
     */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        String decoded = decode(raw, false);
        if (decoded.indexOf('\0') >= 0) {
            throw new HttpException(400, "NUL in the path");
        }
        return decoded;
    }

    /** Decodes {@code a=1&b=2&a=3} ({@code +} is a space); a bad escape is a 400. */
    static Map<String, List<String>> decodeForm(String text) {
        var fields = new LinkedHashMap<String, List<String>>();
        if (text.isEmpty()) {
            return Map.of();
        }
        for (String pair : text.split("&", -1)) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), true);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), true);
            fields.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        fields.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(fields);
    }

    private static String decode(String text, boolean plusIsSpace) {
        if (text.indexOf('%') < 0 && !(plusIsSpace && text.indexOf('+') >= 0)) {
            return text;
        }
        var bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    throw new HttpException(400, "invalid percent-encoding");
                }
                bytes.write(high << 4 | low);
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(c);
            }
        }
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new HttpException(400, "percent-encoding is not valid UTF-8");
        }
    }

    /** Percent-encodes each segment of a path, keeping the slashes. */
    static String encodePath(String path) {
        var out = new StringBuilder();
        String[] segments = path.split("/", -1);
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) {
                out.append('/');
            }
            out.append(encodeSegment(segments[i]));
        }
        return out.toString();
    }

    /** Percent-encodes a path segment (everything but unreserved characters). */
    static String encodeSegment(String segment) {
        var out = new StringBuilder();
        for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
