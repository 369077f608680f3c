package io.jasyncio.http.internal;

import io.jasyncio.http.HttpHeaders;
import io.jasyncio.http.HttpParseException;
import io.jasyncio.http.HttpVersion;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A push parser of HTTP/1.1 messages (RFC 9112) for one connection: {@link #feed} it the bytes as they arrive, in
 * pieces of any size down to one byte, and it reports each message's head, body and end to its
 * {@link MessageListener}. {@link RequestParser} reads requests (a server), {@link ResponseParser} responses (a
 * client).
 *
 * {@snippet :
 * var parser = new RequestParser(listener, ParserLimits.DEFAULTS);
 * parser.feed(bytes);      // zero or more head/body/complete callbacks
 * parser.finish();         // the peer closed: ends a read-until-close body, or fails a truncated message
 * }
 *
 * <h2>Strictness</h2>
 *
 * The parser accepts only messages whose framing is unambiguous, and fails with an {@link HttpParseException} naming
 * the first thing wrong: lines end with CRLF (no bare CR or LF), no obs-fold, no whitespace before a field's colon,
 * field names are tokens, values hold no control characters (NUL included), request targets are visible ASCII,
 * {@code Content-Length} occurs once and is a decimal number that fits a {@code long}, not both
 * {@code Content-Length} and {@code Transfer-Encoding}, a request's last transfer coding is {@code chunked}, chunk
 * sizes are hex without whitespace, chunk extensions are well formed, and lines and field counts stay within
 * {@link ParserLimits}. Empty lines before a start line are skipped (RFC 9112 section 2.2). A message after one that
 * ends the connection ({@code Connection: close}, HTTP/1.0) is an error. After an upgrade (CONNECT, {@code Upgrade},
 * 101) the parser stops: the bytes that follow are left in the buffer for the next protocol.
 *
 * <h2>Algorithm</h2>
 *
 * The head is copied from the input, at most 1 KiB at a time, into an array, where its lines are found and checked
 * with plain array indexing; when the head ends inside the copied bytes, the input's position is set back to the
 * first byte after it, so body bytes are never copied: they are passed on as views of the input. Chunk-size lines
 * are read byte by byte ({@link ChunkHeader}), trailers like a head. Each header field goes to {@link HeadFields},
 * which checks and notes what it says about framing; the subclass decides the framing from that. States:
 * {@code START_LINE -> FIELDS -> (BODY_LENGTH | CHUNK_HEADER <-> CHUNK_DATA, CHUNK_CR, CHUNK_LF -> TRAILERS |
 * BODY_UNTIL_CLOSE) -> START_LINE | CLOSED | UPGRADED}, and {@code FAILED} from anywhere.
 *
 * <h2>Thread safety</h2>
 *
 * Not thread-safe: a parser belongs to one connection and is fed by one thread at a time.
 *
 * @param <H> the kind of head the parser reads
 */
public abstract sealed class HttpParser<H extends MessageHead> permits RequestParser, ResponseParser {

    private enum State {
        START_LINE,
        FIELDS,
        BODY_LENGTH,
        BODY_UNTIL_CLOSE,
        CHUNK_HEADER,
        CHUNK_DATA,
        CHUNK_CR,
        CHUNK_LF,
        TRAILERS,
        CLOSED,
        UPGRADED,
        FAILED
    }

    /** Bytes copied from the input into {@link #head} at a time: a typical head, and little body copied past it. */
    private static final int COPY_STEP = 1024;

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    /** The limits of this parser. */
    final ParserLimits limits;

    private final MessageListener<H> listener;
    private final ChunkHeader chunkHeader;
    private State state = State.START_LINE;
    /** Bytes of the head or trailers being read, copied from the input; valid up to {@link #headLength}. */
    private byte[] head = new byte[COPY_STEP];
    /** Number of valid bytes in {@link #head}. */
    private int headLength;
    /** Where the line being read starts in {@link #head}. */
    private int lineStart;
    /** The next byte of {@link #head} to look at for a line end; a CR at the end of the data is looked at again. */
    private int scan;
    /** Bytes of empty lines before the current start line, against {@link ParserLimits#maxStartLine()}. */
    private int blankBytes;
    /** Header (or trailer) fields read so far for the current head (or trailer section). */
    private int fieldCount;
    /** Body bytes still to come of a {@code Content-Length} body or of the current chunk. */
    private long remaining;
    /** Set by {@link #pause()}; makes {@link #feed} return after the current callback. */
    private boolean paused;
    /** Set by {@link #declineUpgrade()}: HTTP/1.1 goes on after the current message despite its upgrade. */
    private boolean upgradeDeclined;
    /** The head of the message being read, from its head's end to its {@code complete}. */
    private @Nullable H message;
    /** The trailer fields of the current chunked message, if it has any. */
    private @Nullable HttpHeaders trailers;

    /** The fields of the head being read and what they say about framing; reset for each message. */
    private final HeadFields headFields = new HeadFields();

    HttpParser(MessageListener<H> listener, ParserLimits limits) {
        this.listener = listener;
        this.limits = limits;
        this.chunkHeader = new ChunkHeader(limits.maxFieldLine());
    }

    /**
     * Parses the bytes of {@code input} from its position to its limit, calling the listener for each part of each
     * message they complete. Returns when the input is consumed, when a callback called {@link #pause()}, or when
     * the connection was upgraded; the input's position is then at the first byte not consumed.
     *
     * @throws HttpParseException if the bytes do not form valid messages; the parser is then failed
     * @throws IllegalStateException if the parser failed before
     */
    public final void feed(ByteBuffer input) throws HttpParseException {
        if (state == State.FAILED) {
            throw new IllegalStateException("the parser failed on an earlier message");
        }
        paused = false;
        try {
            while (!paused && input.hasRemaining()) {
                switch (state) {
                    case START_LINE, FIELDS, TRAILERS -> readHead(input);
                    case BODY_LENGTH, CHUNK_DATA -> readCounted(input);
                    case BODY_UNTIL_CLOSE -> {
                        var chunk = input.slice();
                        input.position(input.limit());
                        listener.body(chunk);
                    }
                    case CHUNK_HEADER -> {
                        if (chunkHeader.read(input)) {
                            chunkHeaderRead();
                        }
                    }
                    case CHUNK_CR -> expectAfterChunk(input, (byte) '\r', State.CHUNK_LF);
                    case CHUNK_LF -> {
                        expectAfterChunk(input, (byte) '\n', State.CHUNK_HEADER);
                        chunkHeader.reset();
                    }
                    case CLOSED ->
                        throw new HttpParseException(
                                400,
                                "data after the last message of the connection (the previous message ended it): "
                                        + HttpSyntax.describe(input.get(input.position())));
                    case UPGRADED -> {
                        return;
                    }
                    case FAILED -> throw new IllegalStateException("the parser failed during a callback");
                }
            }
        } catch (HttpParseException | RuntimeException | Error e) {
            state = State.FAILED;
            throw e;
        }
    }

    /**
     * Tells the parser that the input has ended (the peer closed its side). Completes a body that lasts until the
     * connection closes.
     *
     * @throws HttpParseException if the input ended inside a message (a truncated head, body or chunked coding)
     */
    public final void finish() throws HttpParseException {
        switch (state) {
            case START_LINE -> {
                if (headLength > lineStart) {
                    state = State.FAILED;
                    throw new HttpParseException(400, "the connection closed inside a start line");
                }
                state = State.CLOSED;
            }
            case BODY_UNTIL_CLOSE -> messageDone();
            case CLOSED, UPGRADED -> {}
            case FAILED -> throw new IllegalStateException("the parser failed on an earlier message");
            default -> {
                String where = switch (state) {
                    case FIELDS -> "inside the header fields";
                    case BODY_LENGTH -> "with " + remaining + " bytes of the Content-Length body missing";
                    case TRAILERS -> "inside the trailer fields";
                    default -> "inside the chunked body";
                };
                state = State.FAILED;
                throw new HttpParseException(400, "the connection closed " + where);
            }
        }
    }

    /**
     * Makes the running {@link #feed} return after the current callback, leaving the input's position at the first
     * byte not consumed. Call it from a callback; the next {@code feed} goes on from there.
     */
    public final void pause() {
        paused = true;
    }

    /**
     * Declines the upgrade the current message asks for ({@code Upgrade} with {@code Connection: upgrade}, e.g. h2c
     * or WebSocket, which a server may ignore, RFC 9110 section 7.8): the parser goes on reading HTTP/1.1 after the
     * message instead of stopping. Call it from {@link MessageListener#head} or before the message completes.
     */
    public final void declineUpgrade() {
        upgradeDeclined = true;
    }

    /** Returns whether the parser is between messages with no byte of the next one read. */
    public final boolean isIdle() {
        return state == State.START_LINE && headLength == 0;
    }

    /**
     * Returns whether the connection left HTTP/1.1 after the last message; the bytes after it were left unread.
     */
    public final boolean isUpgraded() {
        return state == State.UPGRADED;
    }

    /** Returns whether no further message can follow: the last one ended the connection, or the input ended. */
    public final boolean isClosed() {
        return state == State.CLOSED;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + state + "]";
    }

    /**
     * Checks a start line, or a prefix of one that has not ended yet; when complete, keeps its parts for
     * {@link #headRead}.
     *
     * @param bytes the bytes holding the line
     * @param start the index of the line's first byte
     * @param end the index after the line's last byte (excluding CRLF)
     * @param complete whether the line ended; if not, a valid prefix passes and an invalid one fails
     * @throws HttpParseException if the line (or prefix) is invalid
     */
    abstract void startLine(byte[] bytes, int start, int end, boolean complete) throws HttpParseException;

    /**
     * Decides the framing of the head just read from its fields and the start line, and builds the head.
     *
     * @param fields the head's fields and what they say about framing
     * @throws HttpParseException if the framing is invalid or ambiguous
     */
    abstract H headRead(HeadFields fields) throws HttpParseException;

    /**
     * Checks an HTTP-version ({@code HTTP/1.1}) at {@code bytes[start, end)}, or a prefix of one.
     *
     * @param allowZeroNine whether {@code HTTP/0.9} is accepted (read as 1.0)
     * @return the version, or {@code null} if {@code complete} is false and the bytes are a valid prefix
     * @throws HttpParseException if it is not (a prefix of) {@code HTTP/DIGIT.DIGIT}, or not a supported version
     */
    static @Nullable HttpVersion version(byte[] bytes, int start, int end, boolean complete, boolean allowZeroNine)
            throws HttpParseException {
        int n = end - start;
        for (int i = 0; i < Math.min(n, 8); i++) {
            byte b = bytes[start + i];
            boolean ok = i < 5 ? b == HTTP_SLASH[i] : i == 6 ? b == '.' : b >= '0' && b <= '9';
            if (!ok) {
                throw new HttpParseException(
                        400,
                        "invalid HTTP version (expected HTTP/1.x, found " + HttpSyntax.describe(b) + " at its byte "
                                + (i + 1) + ")");
            }
        }
        if (n > 8 || (complete && n < 8)) {
            throw new HttpParseException(400, "invalid HTTP version (expected HTTP/1.x)");
        }
        if (n < 8) {
            return null;
        }
        int major = bytes[start + 5] - '0';
        int minor = bytes[start + 7] - '0';
        if (major == 1) {
            return minor == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
        }
        if (major == 0 && minor == 9 && allowZeroNine) {
            return HttpVersion.HTTP_1_0;
        }
        throw new HttpParseException(505, "HTTP version " + major + "." + minor + " is not supported");
    }

    /** Returns bytes as a string, one char per byte (ASCII, and obs-text as ISO-8859-1). */
    static String latin1(byte[] bytes, int start, int end) {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    private void readHead(ByteBuffer input) throws HttpParseException {
        if (headLength == head.length) {
            head = Arrays.copyOf(head, head.length * 2);
        }
        int before = headLength;
        int n = Math.min(input.remaining(), Math.min(COPY_STEP, head.length - headLength));
        int position = input.position();
        input.get(position, head, headLength, n);
        headLength += n;
        int end = scanLines();
        if (end < 0) {
            input.position(position + n);
            checkPartialLine();
            return;
        }
        // The head ended inside the bytes just copied: give back the ones after it.
        input.position(position + (end - before));
        headLength = 0;
        lineStart = 0;
        scan = 0;
        if (state == State.FIELDS) {
            headDone();
        } else {
            var fields = trailers;
            if (fields != null) {
                listener.trailers(fields);
            }
            messageDone();
        }
    }

    /**
     * Finds and handles the complete lines in {@link #head}; returns the index after the head's end, or -1. One pass
     * finds each line's end and checks that every byte before it may appear in a line (a field value byte), so
     * that values need no second look.
     */
    private int scanLines() throws HttpParseException {
        byte[] bytes = head;
        int length = headLength;
        int i = scan;
        while (true) {
            i = HttpSyntax.skipFieldValue(bytes, i, length);
            if (i == length) {
                break;
            }
            byte b = bytes[i];
            if (b == '\r') {
                if (i + 1 == length) {
                    break; // look at this CR again once the next byte is here
                }
                if (bytes[i + 1] != '\n') {
                    throw new HttpParseException(400, "bare CR: CR not followed by LF");
                }
                boolean last = line(lineStart, i);
                i += 2;
                lineStart = i;
                if (last) {
                    return i;
                }
            } else if (b == '\n') {
                throw new HttpParseException(400, "bare LF: a line must end with CRLF");
            } else {
                throw invalidCharacter(i);
            }
        }
        scan = i;
        return -1;
    }

    /** The control character at {@code head[index]}, described with where it is. */
    private HttpParseException invalidCharacter(int index) {
        String where;
        if (state == State.START_LINE) {
            where = "the start line";
        } else {
            int colon = lineStart;
            while (colon < index && head[colon] != ':') {
                colon++;
            }
            where = colon == index ? "a field name" : "the value of field " + latin1(head, lineStart, colon);
        }
        return new HttpParseException(400, "invalid character " + HttpSyntax.describe(head[index]) + " in " + where);
    }

    /** Handles the complete line {@code head[start, end)}; returns whether it was the empty line ending the head. */
    private boolean line(int start, int end) throws HttpParseException {
        if (state == State.START_LINE) {
            if (start == end) {
                blankBytes += 2;
                if (blankBytes > limits.maxStartLine()) {
                    throw new HttpParseException(400, "too many empty lines before the start line");
                }
                return false;
            }
            checkStartLineLength(end - start);
            startLine(head, start, end, true);
            state = State.FIELDS;
            return false;
        }
        if (start == end) {
            return true;
        }
        checkFieldLineLength(end - start);
        field(start, end);
        return false;
    }

    /** Checks the line that has begun but not ended, so that an invalid one fails as soon as it is seen. */
    private void checkPartialLine() throws HttpParseException {
        int end = headLength;
        if (end > lineStart && head[end - 1] == '\r') {
            end--;
        }
        if (end == lineStart) {
            return;
        }
        if (state == State.START_LINE) {
            checkStartLineLength(end - lineStart);
            startLine(head, lineStart, end, false);
        } else {
            checkFieldLineLength(end - lineStart);
            if (HttpSyntax.isWhitespace(head[lineStart])) {
                throw obsFold();
            }
        }
    }

    private void checkStartLineLength(int length) throws HttpParseException {
        if (length > limits.maxStartLine()) {
            throw new HttpParseException(
                    this instanceof RequestParser ? 414 : 400,
                    "start line longer than " + limits.maxStartLine() + " bytes");
        }
    }

    private void checkFieldLineLength(int length) throws HttpParseException {
        if (length > limits.maxFieldLine()) {
            throw new HttpParseException(
                    431,
                    (state == State.TRAILERS ? "trailer" : "header") + " line longer than " + limits.maxFieldLine()
                            + " bytes");
        }
    }

    private static HttpParseException obsFold() {
        return new HttpParseException(400, "obs-fold: a field line must not start with whitespace");
    }

    /** Checks and records the field line {@code head[start, end)}: {@code name ":" OWS value OWS}. */
    private void field(int start, int end) throws HttpParseException {
        byte[] bytes = head;
        int i = start;
        while (i < end && HttpSyntax.isToken(bytes[i])) {
            i++;
        }
        if (i == end) {
            throw new HttpParseException(400, "field line without a colon");
        }
        if (bytes[i] != ':') {
            if (i == start && HttpSyntax.isWhitespace(bytes[i])) {
                throw obsFold();
            }
            throw new HttpParseException(
                    400,
                    HttpSyntax.isWhitespace(bytes[i])
                            ? "whitespace between a field name and its colon"
                            : "invalid character " + HttpSyntax.describe(bytes[i]) + " in a field name");
        }
        if (i == start) {
            throw new HttpParseException(400, "empty field name");
        }
        int nameEnd = i++;
        while (i < end && HttpSyntax.isWhitespace(bytes[i])) {
            i++;
        }
        int valueStart = i;
        int valueEnd = end; // every byte up to the end is a field value byte: scanLines checked
        while (valueEnd > valueStart && HttpSyntax.isWhitespace(bytes[valueEnd - 1])) {
            valueEnd--;
        }
        if (++fieldCount > limits.maxFields()) {
            throw new HttpParseException(
                    431,
                    "more than " + limits.maxFields() + (state == State.TRAILERS ? " trailer" : " header") + " fields");
        }
        String name = FieldNames.name(bytes, start, nameEnd);
        String value = latin1(bytes, valueStart, valueEnd);
        if (state == State.TRAILERS) {
            var section = trailers;
            if (section == null) {
                section = HeadersAccess.create();
                trailers = section;
            }
            HeadersAccess.addTrusted(section, name, value);
            return;
        }
        headFields.add(bytes, start, nameEnd, valueStart, valueEnd, name, value);
    }

    private void headDone() throws HttpParseException {
        H head = headRead(headFields);
        message = head;
        headFields.reset();
        blankBytes = 0;
        fieldCount = 0;
        switch (head.framing()) {
            case NONE -> state = State.START_LINE;
            case LENGTH -> {
                remaining = head.contentLength();
                state = State.BODY_LENGTH;
            }
            case CHUNKED -> {
                chunkHeader.reset();
                state = State.CHUNK_HEADER;
            }
            case UNTIL_CLOSE -> state = State.BODY_UNTIL_CLOSE;
        }
        listener.head(head);
        if (head.framing() == Framing.NONE || (head.framing() == Framing.LENGTH && remaining == 0)) {
            messageDone();
        }
    }

    private void readCounted(ByteBuffer input) {
        int n = (int) Math.min(remaining, input.remaining());
        int position = input.position();
        var chunk = input.slice(position, n);
        input.position(position + n);
        remaining -= n;
        boolean bodyEnds = remaining == 0 && state == State.BODY_LENGTH;
        if (remaining == 0 && state == State.CHUNK_DATA) {
            state = State.CHUNK_CR;
        }
        listener.body(chunk);
        if (bodyEnds) {
            messageDone();
        }
    }

    private void chunkHeaderRead() {
        long size = chunkHeader.size();
        if (size == 0) {
            fieldCount = 0;
            state = State.TRAILERS;
        } else {
            remaining = size;
            state = State.CHUNK_DATA;
        }
    }

    private void expectAfterChunk(ByteBuffer input, byte expected, State next) throws HttpParseException {
        byte b = input.get();
        if (b != expected) {
            throw new HttpParseException(
                    400,
                    "chunk data not followed by CRLF (found " + HttpSyntax.describe(b)
                            + "): the chunk is longer than its size");
        }
        state = next;
    }

    /** Ends the current message: sets the state for what follows, then tells the listener. */
    private void messageDone() {
        H done = Objects.requireNonNull(message, "message");
        message = null;
        trailers = null;
        boolean upgraded = done.upgrade() && !upgradeDeclined;
        upgradeDeclined = false;
        state = upgraded ? State.UPGRADED : done.interim() || done.keepAlive() ? State.START_LINE : State.CLOSED;
        listener.complete();
    }
}
