package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpParseException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * llhttp's conformance vectors ({@code llhttp_vectors.json}, copied from {@code ../shared/http}) and a driver that
 * runs one through a parser, whole or one byte at a time.
 */
final class LlhttpVectors {

    /** One vector: {@code index} is its position in the file, {@code type} request/response or a lenient mode. */
    record Vector(int index, String file, String title, String type, String expect, int messages, String base64) {

        byte[] input() {
            return Base64.getDecoder().decode(base64);
        }

        boolean strict() {
            return type.equals("request") || type.equals("response");
        }

        boolean request() {
            return type.startsWith("request");
        }

        @Override
        public String toString() {
            return "#" + index + " " + type + " " + file + ": " + title;
        }
    }

    /** What a parser made of a vector's input. */
    record Verdict(boolean rejected, int messages, String detail) {}

    private static final Pattern ENTRY = Pattern.compile(
            "\"file\": \"((?:[^\"\\\\]|\\\\.)*)\",\\s*\"title\": \"((?:[^\"\\\\]|\\\\.)*)\",\\s*\"type\": \"([^\"]+)\","
                    + ".*?\"expect\": \"(\\w+)\",\\s*\"messages\": (\\d+),\\s*\"input_b64\": \"([^\"]*)\"",
            Pattern.DOTALL);

    private LlhttpVectors() {}

    static List<Vector> load() {
        String json;
        try (InputStream in = Objects.requireNonNull(
                LlhttpVectors.class.getResourceAsStream("/llhttp_vectors.json"), "llhttp_vectors.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var vectors = new ArrayList<Vector>();
        var matcher = ENTRY.matcher(json);
        while (matcher.find()) {
            vectors.add(new Vector(
                    vectors.size(),
                    matcher.group(1),
                    matcher.group(2),
                    matcher.group(3),
                    matcher.group(4),
                    Integer.parseInt(matcher.group(5)),
                    matcher.group(6)));
        }
        return vectors;
    }

    /** Feeds the input in pieces of {@code step} bytes (the whole input if {@code step} is 0). */
    static Verdict run(Vector vector, int step) {
        var listener = new Counting();
        HttpParser<?> parser = vector.request()
                ? new RequestParser(listener.requests(), ParserLimits.DEFAULTS)
                : new ResponseParser(listener.responses(), ParserLimits.DEFAULTS);
        byte[] input = vector.input();
        int size = step == 0 ? Math.max(1, input.length) : step;
        try {
            for (int offset = 0; offset < input.length && !parser.isUpgraded(); offset += size) {
                // A direct buffer, as a socket transport hands them over.
                var piece = ByteBuffer.allocateDirect(Math.min(size, input.length - offset));
                piece.put(input, offset, piece.capacity()).flip();
                parser.feed(piece);
                if (!parser.isUpgraded() && piece.hasRemaining()) {
                    return new Verdict(true, listener.messages, "feed left bytes unread without an upgrade");
                }
            }
            return new Verdict(false, listener.messages, parser.toString());
        } catch (HttpParseException e) {
            return new Verdict(true, listener.messages, e.getMessage() + " (" + e.status() + ")");
        }
    }

    /** Counts complete messages and checks the callback order. */
    private static final class Counting {
        int messages;
        boolean inMessage;

        <H extends MessageHead> MessageListener<H> listener() {
            return new MessageListener<>() {
                @Override
                public void head(H head) {
                    check(!inMessage, "head inside a message");
                    inMessage = true;
                }

                @Override
                public void body(ByteBuffer chunk) {
                    check(inMessage && chunk.hasRemaining(), "body outside a message or empty");
                }

                @Override
                public void trailers(HttpHeaders trailers) {
                    check(inMessage && trailers.size() > 0, "trailers outside a message or empty");
                }

                @Override
                public void complete() {
                    check(inMessage, "complete outside a message");
                    inMessage = false;
                    messages++;
                }
            };
        }

        MessageListener<RequestHead> requests() {
            return listener();
        }

        MessageListener<ResponseHead> responses() {
            return listener();
        }

        private static void check(boolean condition, String what) {
            if (!condition) {
                throw new AssertionError(what);
            }
        }
    }
}
