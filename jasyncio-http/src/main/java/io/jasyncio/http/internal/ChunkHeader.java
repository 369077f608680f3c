package io.jasyncio.http.internal;

import io.jasyncio.http.HttpParseException;
import java.nio.ByteBuffer;

/**
 * Reads one chunk-size line of the chunked coding (RFC 9112 section 7.1) byte by byte, so that it can stop and
 * resume at any byte: {@code chunk-size *( ";" ext-name [ "=" ext-value ] ) CRLF}.
 *
 * <p>Strict: no whitespace anywhere in the line (a space after the size is how chunk-size smuggling starts), every
 * extension has a name, an extension value is a token or a quoted-string, the line ends with CRLF. Extensions are
 * checked and dropped. The size may have leading zeros but not more than 15 significant hex digits.
 *
 * <p>{@code SIZE_FIRST -> SIZE -> (EXT_NAME_FIRST -> EXT_NAME [-> EXT_VALUE_FIRST -> EXT_TOKEN | EXT_QUOTED
 * (-> EXT_ESCAPE)* -> EXT_AFTER_QUOTE])* -> LF -> done}.
 *
 * <p>Not thread-safe: part of one parser.
 */
final class ChunkHeader {

    private enum Step {
        SIZE_FIRST,
        SIZE,
        EXT_NAME_FIRST,
        EXT_NAME,
        EXT_VALUE_FIRST,
        EXT_TOKEN,
        EXT_QUOTED,
        EXT_ESCAPE,
        EXT_AFTER_QUOTE,
        LF
    }

    /** Sizes up to 2^60 - 1: more than any body, and no overflow when shifting in one more digit. */
    private static final long MAX_SIZE = (1L << 60) - 1;

    private final int maxLine;
    private Step step = Step.SIZE_FIRST;
    /** The chunk size read so far. */
    private long size;
    /** Bytes of the line read so far, against {@link #maxLine}. */
    private int length;

    ChunkHeader(int maxLine) {
        this.maxLine = maxLine;
    }

    /** Prepares for the next chunk-size line. */
    void reset() {
        step = Step.SIZE_FIRST;
        size = 0;
        length = 0;
    }

    /** Returns the size of the chunk whose line {@link #read} completed. */
    long size() {
        return size;
    }

    /**
     * Consumes bytes of the line from {@code in}.
     *
     * @return {@code true} once the line is complete (its LF consumed), {@code false} if {@code in} ran out first
     * @throws HttpParseException if the line is invalid or longer than the limit
     */
    boolean read(ByteBuffer in) throws HttpParseException {
        int pos = in.position();
        int limit = in.limit();
        try {
            while (pos < limit) {
                byte b = in.get(pos++);
                if (++length > maxLine) {
                    throw new HttpParseException(400, "chunk-size line longer than " + maxLine + " bytes");
                }
                if (step(b)) {
                    return true;
                }
            }
            return false;
        } finally {
            in.position(pos);
        }
    }

    /** Takes one byte; returns whether it ended the line. */
    private boolean step(byte b) throws HttpParseException {
        switch (step) {
            case SIZE_FIRST, SIZE -> {
                int digit = HttpSyntax.hexValue(b);
                if (digit >= 0) {
                    if (size > MAX_SIZE >>> 4) {
                        throw new HttpParseException(400, "chunk size overflows");
                    }
                    size = size << 4 | digit;
                    step = Step.SIZE;
                } else if (step == Step.SIZE_FIRST) {
                    throw new HttpParseException(400, "chunk size expected, found " + HttpSyntax.describe(b));
                } else {
                    endOfElement(b, "chunk size");
                }
            }
            case EXT_NAME_FIRST -> {
                if (!HttpSyntax.isToken(b)) {
                    throw new HttpParseException(
                            400, "chunk extension without a name (found " + HttpSyntax.describe(b) + " after ';')");
                }
                step = Step.EXT_NAME;
            }
            case EXT_NAME -> {
                if (b == '=') {
                    step = Step.EXT_VALUE_FIRST;
                } else if (!HttpSyntax.isToken(b)) {
                    endOfElement(b, "chunk extension name");
                }
            }
            case EXT_VALUE_FIRST -> {
                if (b == '"') {
                    step = Step.EXT_QUOTED;
                } else if (HttpSyntax.isToken(b)) {
                    step = Step.EXT_TOKEN;
                } else {
                    throw new HttpParseException(400, "invalid chunk extension value: " + HttpSyntax.describe(b));
                }
            }
            case EXT_TOKEN -> {
                if (!HttpSyntax.isToken(b)) {
                    endOfElement(b, "chunk extension value");
                }
            }
            case EXT_QUOTED -> {
                if (b == '"') {
                    step = Step.EXT_AFTER_QUOTE;
                } else if (b == '\\') {
                    step = Step.EXT_ESCAPE;
                } else if (!HttpSyntax.isQuotedText(b)) {
                    throw new HttpParseException(
                            400,
                            "unterminated or invalid quoted chunk extension value (" + HttpSyntax.describe(b) + ")");
                }
            }
            case EXT_ESCAPE -> {
                if (!HttpSyntax.isQuotable(b)) {
                    throw new HttpParseException(
                            400, "invalid escaped byte in chunk extension: " + HttpSyntax.describe(b));
                }
                step = Step.EXT_QUOTED;
            }
            case EXT_AFTER_QUOTE -> endOfElement(b, "quoted chunk extension value");
            case LF -> {
                if (b != '\n') {
                    throw new HttpParseException(400, "CR not followed by LF in a chunk-size line");
                }
                return true;
            }
        }
        return false;
    }

    /** After a size, a name or a value: only ';' (another extension) or CR (the end) may follow. */
    private void endOfElement(byte b, String what) throws HttpParseException {
        if (b == ';') {
            step = Step.EXT_NAME_FIRST;
        } else if (b == '\r') {
            step = Step.LF;
        } else {
            throw new HttpParseException(400, "invalid character " + HttpSyntax.describe(b) + " after " + what);
        }
    }
}
